import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { countCalls } from '../testing/countCalls.js';
import { eventsByPosition, positionSpans } from './eventsByPosition.js';

describe('positionSpans', () => {
  it('merges nearby positions into ranges, dedupes, sorts, and splits far ones', () => {
    expect(positionSpans([5, 3, 4, 4, 60, 3000])).toEqual([
      [3, 60],
      [3000, 3000],
    ]);
    expect(positionSpans([])).toEqual([]);
  });
});

describe('eventsByPosition', () => {
  it("returns events in the order asked, null for missing positions and for another tenant's events", async () => {
    const log = createMemoryEventLog();
    await log.append('run-a', testEvents(3), 'no_stream');
    await log.append(
      'run-b',
      testEvents(1, () => ({ meta: { ...testEvents(1)[0]!.meta, tenant: 'globex' } })),
      'no_stream',
    );
    const calls = new Map<string, number>();
    const events = await eventsByPosition(countCalls(log, calls), 'acme', [2, 0, 3, 50, 0]);
    expect(events.map((event) => event?.position ?? null)).toEqual([2, 0, null, null, 0]);
    expect(calls.get('readAll')).toBe(1);
  });
});
