import { describe, expect, it } from 'vitest';
import { WITNESSES_STREAM } from '../ledgerStreams.js';
import type { CheckpointCosignedData } from '../ledgerStreams.js';
import { createMemoryEventLog } from '../memory/memoryEventLog.js';
import { manualClock, openTestLedger, testIds } from '../testing/testLedger.js';
import { testEvents } from '../testing/testEvents.js';
import { cosignaturesFor, WitnessEvidenceRecorder } from './witnessEvidence.js';

const ROOT = Buffer.alloc(32, 7);
const cosigned = (treeSize: number, witness: string, rootHash = ROOT): CheckpointCosignedData => ({
  treeSize,
  rootHash: rootHash.toString('hex'),
  witness,
  cosignature: `— ${witness.split('+')[0]} line-for-${treeSize}`,
  timestamp: 1_700_000_000,
});

describe('WitnessEvidenceRecorder and cosignaturesFor', () => {
  it('given records from several witnesses at once, when read back for one checkpoint, then one per witness in order', async () => {
    const log = createMemoryEventLog();
    const recorder = new WitnessEvidenceRecorder(log, manualClock(), testIds);
    await Promise.all([
      recorder.recordCosigned(cosigned(5, 'w1+00000001+AA')),
      recorder.recordCosigned(cosigned(5, 'w2+00000002+AA')),
      recorder.recordCosigned(cosigned(9, 'w1+00000001+AA')),
      recorder.recordCosigned(cosigned(5, 'w3+00000003+AA', Buffer.alloc(32, 8))),
      recorder.recordCosigned(cosigned(5, 'w1+00000001+AA')),
      recorder.recordRefused({
        witness: 'w4+00000004+AA',
        url: 'http://w4',
        treeSize: 5,
        rootHash: ROOT.toString('hex'),
        status: 422,
        reason: 'bad proof',
        witnessSize: 3,
      }),
    ]);
    const stream = await log.readStream(WITNESSES_STREAM);
    expect(stream.map((event) => [event.revision, event.type])).toEqual([
      [0, 'CheckpointCosigned'],
      [1, 'CheckpointCosigned'],
      [2, 'CheckpointCosigned'],
      [3, 'CheckpointCosigned'],
      [4, 'CheckpointCosigned'],
      [5, 'CheckpointWitnessRefused'],
    ]);
    expect(stream.every((event) => event.meta.actor.kind === 'system')).toBe(true);
    expect((await cosignaturesFor(log, 5, ROOT.toString('hex'))).map((entry) => entry.witnessKey)).toEqual([
      'w1+00000001+AA',
      'w2+00000002+AA',
    ]);
    expect(await cosignaturesFor(log, 6, ROOT.toString('hex'))).toEqual([]);
  });

  it('given another writer appended to the stream, when recording, then the recorder re-reads the revision', async () => {
    const log = createMemoryEventLog();
    const first = new WitnessEvidenceRecorder(log, manualClock(), testIds);
    const second = new WitnessEvidenceRecorder(log, manualClock(), testIds);
    await first.recordCosigned(cosigned(1, 'w1+00000001+AA'));
    await second.recordCosigned(cosigned(2, 'w1+00000001+AA'));
    await first.recordCosigned(cosigned(3, 'w1+00000001+AA'));
    expect((await log.readStream(WITNESSES_STREAM)).map((event) => event.revision)).toEqual([0, 1, 2]);
  });
});

describe('the checkpointer and witness records', () => {
  it('given only witness records since the last checkpoint, when asked to sign, then nothing new is signed', async () => {
    const log = createMemoryEventLog();
    const ledger = await openTestLedger({ log });
    try {
      await log.append('thing-1', testEvents(3), 'no_stream');
      const first = (await ledger.checkpointNow())!;
      await new WitnessEvidenceRecorder(log, manualClock(), testIds).recordCosigned(
        cosigned(first.checkpoint.treeSize, 'w1+00000001+AA'),
      );
      expect((await ledger.checkpointNow())!.checkpoint.treeSize).toBe(first.checkpoint.treeSize);
      await log.append('thing-2', testEvents(1), 'no_stream');
      const next = (await ledger.checkpointNow())!;
      // The next checkpoint covers everything: the first checkpoint's event, the witness record, the new event.
      expect(next.checkpoint.treeSize).toBe(first.checkpoint.treeSize + 3);
    } finally {
      await ledger.close();
    }
  });
});
