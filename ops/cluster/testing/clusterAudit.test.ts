import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../domain/index.js';
import type { AcknowledgedOperation } from './appendingClients.js';
import { checkpointProblems, deliveryProblems, lostAcknowledged, runStreamProblems } from './clusterAudit.js';

// The scenario's checks must be able to fail: each is shown catching the fault it exists for.

const event = (stream: string, revision: number, id: string, data: object = {}): RecordedEvent =>
  ({ stream, revision, id, position: 0, type: 'T', data, meta: {} }) as unknown as RecordedEvent;
const operation = (runId: string, eventIds: string[]): AcknowledgedOperation => ({
  client: 0,
  idempotencyKey: eventIds.join(),
  runId,
  eventIds,
  positions: [],
  replayed: false,
  attempts: 1,
});
const checkpoint = (revision: number, treeSize: number, rootHash = `root-${treeSize}`, origin = 'o') =>
  event('checkpoints', revision, `c${revision}`, {
    origin,
    treeSize,
    rootHash,
    timestamp: revision,
    note: '',
  });

describe('cluster audit', () => {
  const acknowledged = [operation('r1', ['a']), operation('r1', ['b', 'c'])];

  it('given every acknowledged event stored once in order, then nothing is reported', () => {
    const ledger = [event('run-r1', 0, 'a'), event('run-r1', 1, 'b'), event('run-r1', 2, 'c')];
    expect(lostAcknowledged(acknowledged, ledger)).toEqual([]);
    expect(runStreamProblems(acknowledged, ledger)).toEqual([]);
  });

  it('given an acknowledged event missing, then it is lost and the stream does not match', () => {
    const ledger = [event('run-r1', 0, 'a'), event('run-r1', 1, 'b')];
    expect(lostAcknowledged(acknowledged, ledger)).toEqual(['c']);
    expect(runStreamProblems(acknowledged, ledger)).toHaveLength(1);
  });

  it('given an operation appended twice (a retry that was not deduplicated), then the stream is reported', () => {
    const ledger = [
      event('run-r1', 0, 'a'),
      event('run-r1', 1, 'b'),
      event('run-r1', 2, 'c'),
      event('run-r1', 3, 'b2'),
    ];
    expect(runStreamProblems(acknowledged, ledger)).toEqual([
      'run-r1: 4 events stored, 3 acknowledged, or not in order',
    ]);
  });

  it('given checkpoints that shrink, fork, skip a revision or change origin, then each is reported', () => {
    expect(checkpointProblems([checkpoint(0, 5), checkpoint(1, 9), checkpoint(2, 9)])).toEqual([]);
    expect(checkpointProblems([checkpoint(0, 5), checkpoint(1, 4)])).toEqual([
      'checkpoint 1 shrinks the tree: 5 → 4',
    ]);
    expect(checkpointProblems([checkpoint(0, 5), checkpoint(1, 5, 'other')])).toEqual([
      'checkpoint 1 forks the tree of size 5',
    ]);
    expect(checkpointProblems([checkpoint(0, 5), checkpoint(2, 6)])).toEqual(['checkpoint 1 has revision 2']);
    expect(checkpointProblems([checkpoint(0, 5), checkpoint(1, 6, 'r', 'p')])).toEqual([
      'checkpoints of 2 origins: o, p',
    ]);
  });

  it('given a recording with a gap, a duplicate or a reordering, then delivery problems name them', () => {
    expect(deliveryProblems([1, 2, 4], [1, 2, 4])).toEqual([]);
    expect(deliveryProblems([1, 4], [1, 2, 4])).toEqual([
      'diverges at index 1: received 4, expected 2 (2 received, 3 expected)',
      '1 missing, first 2',
    ]);
    expect(deliveryProblems([1, 2, 2, 4], [1, 2, 4])).toEqual([
      'diverges at index 2: received 2, expected 4 (4 received, 3 expected)',
      '1 duplicates, first 2',
    ]);
    expect(deliveryProblems([2, 1, 4], [1, 2, 4])).toEqual([
      'diverges at index 0: received 2, expected 1 (3 received, 3 expected)',
    ]);
  });
});
