/* eslint-disable mir/layer-arrows -- an application service tested on the real ledger adapters (the code under test imports none of them) */
import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import type { Timer } from '../ports/timer.js';
import type { Refusal } from './refusalRecorder.js';
import { RefusalRecorder } from './refusalRecorder.js';

/** The Timer port driven by the test's clock: due callbacks run when the test advances time. */
function steppedTimer(clock: ReturnType<typeof manualClock>) {
  const pending = new Set<{ at: number; callback: () => void }>();
  const timer: Timer = {
    within: (promise) => promise,
    after(ms, callback) {
      const entry = { at: clock.now() + ms, callback };
      pending.add(entry);
      return () => pending.delete(entry);
    },
  };
  const advance = (ms: number) => {
    clock.advance(ms);
    for (const entry of [...pending])
      if (entry.at <= clock.now()) {
        pending.delete(entry);
        entry.callback();
      }
  };
  return { timer, advance, pending };
}

const forbidden: Refusal = {
  type: 'AccessRefused',
  tenant: 'acme',
  actor: { kind: 'service', id: 'key-auditor' },
  action: 'Mutation.startRun',
  subject: null,
  reason: 'FORBIDDEN',
  details: { role: 'auditor', keyId: 'key-auditor', subjects: [] },
};

function recorder(windowMs = 60_000) {
  const log = createMemoryEventLog();
  const clock = manualClock();
  const stepped = steppedTimer(clock);
  const refusals = new RefusalRecorder(log, clock, testIds, { timer: stepped.timer, windowMs });
  const recorded = () => log.readStream('refusals-acme');
  return { log, clock, refusals, recorded, ...stepped };
}

describe('refusal recorder', () => {
  it('given N identical refusals within a window, then the first is recorded at once and one event carries the other N − 1 when the window closes', async () => {
    const { refusals, recorded, advance } = recorder();
    const first = await refusals.record(forbidden);
    expect(await recorded()).toHaveLength(1);
    const ids = [];
    for (let i = 0; i < 999; i++) {
      advance(50);
      ids.push(await refusals.record(forbidden));
    }
    expect(new Set(ids)).toEqual(new Set([first]));
    expect(await recorded()).toHaveLength(1);

    advance(10_000);
    await refusals.flush();
    const events = await recorded();
    expect(events.map((event) => [event.type, event.meta.actor.id, event.meta.tenant])).toEqual([
      ['AccessRefused', 'key-auditor', 'acme'],
      ['AccessRefused', 'key-auditor', 'acme'],
    ]);
    expect(events[0]!.id).toBe(first);
    expect(events[0]!.data).toMatchObject({ action: 'Mutation.startRun', reason: 'FORBIDDEN', count: 1 });
    expect(events[1]!.data).toMatchObject({ count: 999, firstEventId: first, role: 'auditor' });
    expect(events.reduce((sum, event) => sum + (event.data as { count: number }).count, 0)).toBe(1_000);
  });

  it('given the window closed by its timer, then the count is written without a flush and the next refusal opens a new window', async () => {
    const { refusals, recorded, advance, pending } = recorder(1_000);
    await refusals.record(forbidden);
    advance(10);
    await refusals.record(forbidden);
    await refusals.record(forbidden);
    advance(990);
    await refusals.flush();
    expect(pending.size).toBe(0);
    expect((await recorded()).map((event) => (event.data as { count: number }).count)).toEqual([1, 2]);
    await refusals.record(forbidden);
    expect((await recorded()).map((event) => (event.data as { count: number }).count)).toEqual([1, 2, 1]);
  });

  it('given refusals that differ in key, action, subject or reason, then each is its own event', async () => {
    const { refusals, recorded } = recorder();
    await refusals.record(forbidden);
    await refusals.record({ ...forbidden, actor: { kind: 'service', id: 'key-other' } });
    await refusals.record({ ...forbidden, action: 'Mutation.recordStep' });
    await refusals.record({ ...forbidden, subject: 'run-1' });
    await refusals.record({ ...forbidden, reason: 'NOT_FOUND' });
    await refusals.flush();
    expect(await recorded()).toHaveLength(5);
  });

  it('given repeats in an open window at shutdown, then flush writes their count (a crash would lose only that count)', async () => {
    const { refusals, recorded } = recorder();
    await refusals.record(forbidden);
    await refusals.record(forbidden);
    expect(await recorded()).toHaveLength(1);
    await refusals.flush();
    expect((await recorded()).map((event) => (event.data as { count: number }).count)).toEqual([1, 1]);
  });

  it('given no timer, then nothing is coalesced: every refusal is its own event', async () => {
    const log = createMemoryEventLog();
    const refusals = new RefusalRecorder(log, manualClock(), testIds);
    await refusals.record(forbidden);
    await refusals.record(forbidden);
    expect(await log.readStream('refusals-acme')).toHaveLength(2);
  });

  it('given a ledger that refuses the write, then record resolves null rather than failing the refusal', async () => {
    const { log, refusals } = recorder();
    await log.close();
    expect(await refusals.record(forbidden)).toBeNull();
  });
});
