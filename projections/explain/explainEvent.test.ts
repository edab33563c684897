import { describe, expect, it } from 'vitest';
import type { EventLog, NewEvent } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { TEST_META, testEvent } from '../../ledger/testing/testEvents.js';
import { asyncErrorCodeOf } from '../../ledger/testing/errorCodeOf.js';
import { explainEvent } from './explainEvent.js';
import type { ExplainSources } from './explainEvent.js';
import { MAX_CHAIN_EVENTS } from './explanation.js';

/** Sources over a real in-memory log: ids located by reading it, no checkpoint yet, no policy splitter. */
function sourcesOver(log: EventLog): ExplainSources {
  return {
    log,
    locate: async (eventId) => (await log.readAll()).find((event) => event.id === eventId)?.position ?? null,
    proofs: {
      latestCheckpoint: () => null,
      inclusionProof: () => Promise.reject(new Error('no checkpoint')),
    },
    splitPolicies: () => null,
  };
}

/** `count` events on `stream`, each caused by the one before (the first by itself), all in one correlation. */
function causedChain(count: number, meta: Partial<NewEvent['meta']> = {}): NewEvent[] {
  const events: NewEvent[] = [];
  for (let index = 0; index < count; index++) {
    const base = testEvent();
    const causationId = events[index - 1]?.id ?? base.id;
    events.push({ ...base, meta: { ...TEST_META, ...meta, correlationId: 'corr-long', causationId } });
  }
  return events;
}

describe('explainEvent (reader)', () => {
  it(`given a causation chain longer than ${MAX_CHAIN_EVENTS}, when its last event is explained, then both chains stop at ${MAX_CHAIN_EVENTS} and say they were cut`, async () => {
    const log = createMemoryEventLog();
    const events = causedChain(MAX_CHAIN_EVENTS + 20);
    await log.append('thing-1', events, 'no_stream');
    const last = events.at(-1)!;
    const explained = (await explainEvent(sourcesOver(log), last.id, 'acme'))!;
    expect(explained.causes.causation.truncated).toBe(true);
    expect(explained.causes.causation.events.map((event) => event.id)).toEqual(
      events
        .slice(-1 - MAX_CHAIN_EVENTS, -1)
        .map((event) => event.id)
        .reverse(),
    );
    expect(explained.causes.correlation).toMatchObject({ truncated: true });
    expect(explained.causes.correlation.events).toHaveLength(MAX_CHAIN_EVENTS);
    expect(explained.run).toBeNull();
    expect(explained.inclusion).toEqual({ proof: null, reason: 'the ledger has no signed checkpoint yet' });
  });

  it('given events that name each other as causes, then the walk stops where it would repeat', async () => {
    const log = createMemoryEventLog();
    const [a, b] = [testEvent(), testEvent()];
    await log.append(
      'thing-1',
      [
        { ...a, meta: { ...TEST_META, causationId: b.id } },
        { ...b, meta: { ...TEST_META, causationId: a.id } },
      ],
      'no_stream',
    );
    const explained = (await explainEvent(sourcesOver(log), b.id, 'acme'))!;
    expect(explained.causes.causation).toEqual({
      truncated: false,
      events: [expect.objectContaining({ id: a.id })],
    });
  });

  it("given a cause in another tenant, then the walk stops before it: another tenant's events are never shown", async () => {
    const log = createMemoryEventLog();
    const foreign = testEvent({ meta: { ...TEST_META, tenant: 'globex' } });
    await log.append('thing-globex', [foreign], 'no_stream');
    const own = testEvent({ meta: { ...TEST_META, causationId: foreign.id } });
    await log.append('thing-acme', [own], 'no_stream');
    const explained = (await explainEvent(sourcesOver(log), own.id, 'acme'))!;
    expect(explained.causes.causation.events).toEqual([]);
    expect(await explainEvent(sourcesOver(log), foreign.id, 'acme')).toBeNull();
    expect(await explainEvent(sourcesOver(log), foreign.id, null)).not.toBeNull();
  });

  it('given an id that is not a lowercase UUID, then INVALID_EVENT_ID', async () => {
    const log = createMemoryEventLog();
    expect(await asyncErrorCodeOf(() => explainEvent(sourcesOver(log), 'Not-A-UUID', null))).toBe(
      'INVALID_EVENT_ID',
    );
  });
});
