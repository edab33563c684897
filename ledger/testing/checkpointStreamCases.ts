import { v7 as uuidv7 } from 'uuid';
import { describe, expect } from 'vitest';
import type { EventLog, NewEvent } from '../../domain/index.js';
import { checkpointEvent } from '../checkpoints/checkpointEvent.js';
import { eventLogLeafSource } from '../checkpoints/eventLogLeafSource.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import { createMemoryMerkleNodeStore, MerkleTreeReader } from '../merkle/index.js';
import { testEvent, testEvents } from './testEvents.js';
import { newSigner } from './testLedger.js';

/** What the event-log contract hands its checkpoint-stream cases. */
export interface CheckpointCaseKit {
  readonly contractCase: (title: string, body: () => Promise<void>) => void;
  readonly log: () => EventLog;
  readonly expectCode: (promise: Promise<unknown>, code: string) => Promise<Record<string, unknown>>;
}

const ORIGIN = 'contract.example/ledger';
const signer = newSigner();

/**
 * A real checkpoint of the first `treeSize` events of `log` (root and proof computed from its stored hashes),
 * extending the checkpoint of `previousSize` events when given; `rootHash` overrides the root (a forged fork).
 */
export async function checkpointOf(
  log: EventLog,
  treeSize: number,
  previousSize?: number,
  rootHash?: Buffer,
): Promise<NewEvent> {
  const reader = new MerkleTreeReader(eventLogLeafSource(log), createMemoryMerkleNodeStore());
  const checkpoint = {
    origin: ORIGIN,
    treeSize,
    rootHash: rootHash ?? (await reader.rootAt(treeSize)),
    timestamp: 1_700_000_000_000 + treeSize,
  };
  const proof =
    previousSize === undefined ? undefined : await reader.consistencyProof(previousSize, treeSize);
  return checkpointEvent(checkpoint, proof, { signer, keyName: ORIGIN, id: uuidv7() }).event;
}

/**
 * The checkpoint stream's invariant (see checkCheckpointAppend): a checkpoint never shrinks, never forks, never
 * covers events after itself, and is well-formed; a refused append writes nothing.
 */
export function checkpointStreamCases({ contractCase, log, expectCode }: CheckpointCaseKit): void {
  describe('the checkpoint stream', () => {
    const withCheckpointAt = async (size: number) => {
      await log().append('run-a', testEvents(size), 'no_stream');
      await log().append(CHECKPOINTS_STREAM, [await checkpointOf(log(), size)], 'no_stream');
      await log().append('run-a', testEvents(20), size - 1);
    };

    contractCase(
      'given a checkpoint, when one extending it with a valid consistency proof is appended, then it is stored',
      async () => {
        await withCheckpointAt(10);
        const result = await log().append(CHECKPOINTS_STREAM, [await checkpointOf(log(), 25, 10)], 0);
        expect(result.nextExpectedRevision).toBe(1);
      },
    );

    contractCase(
      'given a checkpoint, when one with a smaller tree is appended at the right revision, then CHECKPOINT_NOT_EXTENDING and nothing is written',
      async () => {
        await withCheckpointAt(10);
        const head = await log().headPosition();
        const details = await expectCode(
          log().append(CHECKPOINTS_STREAM, [await checkpointOf(log(), 6)], 0),
          'CHECKPOINT_NOT_EXTENDING',
        );
        expect(details).toMatchObject({ previousTreeSize: 10, treeSize: 6, previousRevision: 0 });
        expect(await log().headPosition()).toBe(head);
        expect(await log().readStream(CHECKPOINTS_STREAM)).toHaveLength(1);
      },
    );

    contractCase(
      'given a checkpoint, when a larger one whose root is not consistent with it is appended, then CHECKPOINT_NOT_EXTENDING',
      async () => {
        await withCheckpointAt(10);
        const forged = await checkpointOf(log(), 25, 10, Buffer.alloc(32, 7));
        const details = await expectCode(
          log().append(CHECKPOINTS_STREAM, [forged], 'any'),
          'CHECKPOINT_NOT_EXTENDING',
        );
        expect(details).toMatchObject({ previousTreeSize: 10, treeSize: 25 });
        expect(details.reason).toMatch(/not consistent/);
        const unproven = await checkpointOf(log(), 25);
        await expectCode(log().append(CHECKPOINTS_STREAM, [unproven], 0), 'CHECKPOINT_NOT_EXTENDING');
        expect(await log().readStream(CHECKPOINTS_STREAM)).toHaveLength(1);
      },
    );

    contractCase(
      'when one append holds a checkpoint and then a smaller one, then the whole append is refused',
      async () => {
        await log().append('run-a', testEvents(10), 'no_stream');
        const events = [await checkpointOf(log(), 10), await checkpointOf(log(), 4)];
        await expectCode(log().append(CHECKPOINTS_STREAM, events, 'no_stream'), 'CHECKPOINT_NOT_EXTENDING');
        expect(await log().headPosition()).toBe(9);
      },
    );

    contractCase(
      'when a checkpoint covers more events than precede it, then CHECKPOINT_NOT_EXTENDING names its position',
      async () => {
        await log().append('run-a', testEvents(5), 'no_stream');
        const beyond = { ...(await checkpointOf(log(), 5)) };
        const data = { ...(beyond.data as Record<string, never>), treeSize: 6 };
        const details = await expectCode(
          log().append(CHECKPOINTS_STREAM, [{ ...beyond, data }], 'no_stream'),
          'CHECKPOINT_NOT_EXTENDING',
        );
        expect(details).toMatchObject({ treeSize: 6, position: 5 });
      },
    );

    contractCase(
      'when checkpoint data is null, lacks a field or is another event type, then INVALID_EVENT names the field',
      async () => {
        const append = (event: NewEvent) => log().append(CHECKPOINTS_STREAM, [event], 'no_stream');
        expect(
          await expectCode(append(testEvent({ type: 'CheckpointSigned', data: null })), 'INVALID_EVENT'),
        ).toMatchObject({ field: 'data' });
        const valid = await checkpointOf(log(), 0);
        const { rootHash: _dropped, ...noRoot } = valid.data as Record<string, never>;
        expect(await expectCode(append({ ...valid, data: noRoot }), 'INVALID_EVENT')).toMatchObject({
          field: 'rootHash',
        });
        expect(await expectCode(append({ ...valid, type: 'ThingHappened' }), 'INVALID_EVENT')).toMatchObject({
          field: 'type',
        });
        expect(await log().headPosition()).toBeNull();
      },
    );
  });
}
