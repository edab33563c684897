import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { mapSubscription } from './mapSubscription.js';

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
