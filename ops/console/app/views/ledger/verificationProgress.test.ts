import { describe, expect, it } from 'vitest';
import { ledgerOutcome, progressPercent } from './verificationProgress.js';
import type { LedgerReport } from './verificationProgress.js';

const OK: LedgerReport = {
  ok: true,
  eventsVerified: 120,
  checkpointsVerified: 4,
  streams: 9,
  uncoveredEvents: 3,
  keySource: 'ledger',
  origin: 'mir.ledger/test',
  latestCheckpoint: { treeSize: 117, rootHash: 'ab'.repeat(32), timestamp: '2026-12-03T11:00:00.000Z' },
  failure: null,
};

describe('progressPercent', () => {
  it('given no item yet, then 0; given half the events, then 50; given done, then 100', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ eventsVerified: 50, total: 100, done: false, report: null })).toBe(50);
    expect(progressPercent({ eventsVerified: 99, total: 100, done: true, report: OK })).toBe(100);
  });

  it('given an empty ledger (total 0) still running, then 0, never a division by zero', () => {
    expect(progressPercent({ eventsVerified: 0, total: 0, done: false, report: null })).toBe(0);
  });
});

describe('ledgerOutcome', () => {
  it('given an ok report, then "Ledger verified" with what was checked and what no checkpoint covers yet', () => {
    const outcome = ledgerOutcome(OK);
    expect(outcome.ok).toBe(true);
    expect(outcome.headline).toBe('Ledger verified: 120 event(s) in 9 stream(s), 4 checkpoint(s).');
    expect(outcome.details[0]).toBe(
      `Latest checkpoint: tree size 117, root ${'ab'.repeat(32)}, 2026-12-03T11:00:00.000Z.`,
    );
    expect(outcome.details[1]).toBe('3 event(s) after it are not yet covered by a signed checkpoint.');
  });

  it('given a failure, then it is named with its position, stream, revision and both values', () => {
    const outcome = ledgerOutcome({
      ...OK,
      ok: false,
      failure: {
        code: 'EVENT_HASH_MISMATCH',
        message: 'event hash does not match its content',
        stream: 'run-1',
        revision: 2,
        position: 41,
        expected: 'aa11',
        actual: 'bb22',
      },
    });
    expect(outcome).toEqual({
      ok: false,
      headline: 'Ledger NOT verified — EVENT_HASH_MISMATCH: event hash does not match its content',
      details: ['At position 41, stream run-1, revision 2.', 'Expected: aa11', 'Actual: bb22'],
    });
  });

  it('given a failure without a place or values, then only the headline', () => {
    const outcome = ledgerOutcome({
      ...OK,
      ok: false,
      failure: {
        code: 'CHECKPOINT_SIGNATURE_INVALID',
        message: 'bad signature',
        stream: null,
        revision: null,
        position: null,
        expected: null,
        actual: { treeSize: 3 },
      },
    });
    expect(outcome.details).toEqual(['Actual: {"treeSize":3}']);
  });
});
