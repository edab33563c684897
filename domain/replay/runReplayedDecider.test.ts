import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/mirError.js';
import { ALL_REPLAY_CHECKS, DEFAULT_REPLAY_TOLERANCE } from './replayEvents.js';
import type { ReplayItem } from './replayEvents.js';
import { decideRunReplayed, MAX_RECORDED_VALUE_CHARS, MAX_REPLAY_ITEMS } from './runReplayedDecider.js';
import type { ReplayFindings } from './runReplayedDecider.js';
import { replayRunStates } from './stateReplay.js';
import { runHistory, STARTED, step } from './testing/runHistory.js';

const ended = replayRunStates(
  runHistory('r1', [STARTED, step(1), { type: 'RunCancelled', data: { reason: 'r', cancelledBy: 'k' } }]),
).state;
const item = (match: boolean, subject = 'outputDigest'): ReplayItem => ({
  check: 'inference',
  eventId: 'e1',
  subject,
  match,
  expected: 'a',
  actual: match ? 'a' : 'b',
  note: null,
  tolerance: null,
});
const findings = (items: ReplayItem[]): ReplayFindings => ({
  options: ALL_REPLAY_CHECKS,
  throughRevision: 2,
  items,
  unlistedMatches: { state: 1, inference: 0, policy: 0 },
  tolerance: DEFAULT_REPLAY_TOLERANCE,
});

describe('decideRunReplayed', () => {
  it('given an ended run and all items matching, then RunReplayed records a match with the counts', () => {
    const event = decideRunReplayed('r1', ended, { tenant: 'acme' }, findings([item(true)]));

    expect(event).toEqual({
      type: 'RunReplayed',
      data: {
        options: ALL_REPLAY_CHECKS,
        throughRevision: 2,
        verdict: 'match',
        counts: {
          state: { checked: 1, mismatches: 0 },
          inference: { checked: 1, mismatches: 0 },
          policy: { checked: 0, mismatches: 0 },
        },
        items: [item(true)],
        omittedItems: 0,
        tolerance: DEFAULT_REPLAY_TOLERANCE,
      },
    });
  });

  it('given one mismatch, then the verdict is mismatch', () => {
    const event = decideRunReplayed('r1', ended, { tenant: 'acme' }, findings([item(true), item(false)]));

    expect(event.data.verdict).toBe('mismatch');
    expect(event.data.counts.inference).toEqual({ checked: 2, mismatches: 1 });
  });

  it('given more items than an event holds, then matches are dropped first and counted', () => {
    const many = [...Array.from({ length: MAX_REPLAY_ITEMS }, () => item(true)), item(false, 'modelSha256')];

    const { data } = decideRunReplayed('r1', ended, { tenant: 'acme' }, findings(many));

    expect(data.items).toHaveLength(MAX_REPLAY_ITEMS);
    expect(data.items.at(-1)).toMatchObject({ subject: 'modelSha256', match: false });
    expect(data.omittedItems).toBe(1);
  });

  it('given a compared value too long to record, then a marker with its length is recorded instead', () => {
    const long = { ...item(false, 'projection.input'), expected: 'x'.repeat(MAX_RECORDED_VALUE_CHARS) };

    const { data } = decideRunReplayed('r1', ended, { tenant: 'acme' }, findings([long]));

    expect(data.items[0]).toMatchObject({ expected: '<258 characters of JSON, not recorded>', actual: 'b' });
  });

  it("given another tenant's run or none, then RUN_NOT_FOUND", () => {
    for (const [state, tenant] of [
      [ended, 'globex'],
      [replayRunStates([]).state, 'acme'],
    ] as const) {
      let error: unknown;
      try {
        decideRunReplayed('r1', state, { tenant }, findings([]));
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'RUN_NOT_FOUND')).toBe(true);
    }
  });
});
