import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { expandSubscription, mapSubscription } from './mapSubscription.js';

describe('mapSubscription', () => {
  it('maps and skips in order, and return() ends a subscription that is waiting for the next commit', async () => {
    const log = createMemoryEventLog();
    await log.append('run-a', testEvents(4), 'no_stream');
    const iterator = mapSubscription(log.subscribeToAll(), (event) =>
      event.position % 2 === 0 ? event.position : null,
    );
    expect(await iterator.next()).toEqual({ done: false, value: 0 });
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    const waiting = iterator.next();
    await iterator.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    await log.close();
  });
});

describe('expandSubscription', () => {
  it('yields the initial values first, then every value each event expands to, in order', async () => {
    const log = createMemoryEventLog();
    await log.append('run-a', testEvents(3), 'no_stream');
    const iterator = expandSubscription(
      log.subscribeToAll(),
      (event) => [event.position, event.position + 0.5],
      {
        initial: [-1],
      },
    );
    const seen: number[] = [];
    for (let i = 0; i < 7; i += 1) seen.push((await iterator.next()).value as number);
    expect(seen).toEqual([-1, 0, 0.5, 1, 1.5, 2, 2.5]);
    await iterator.return!();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await log.close();
  });
});
