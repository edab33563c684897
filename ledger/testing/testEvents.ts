import { v7 as uuidv7 } from 'uuid';
import type { EventMeta, JsonValue, NewEvent } from '../../domain/index.js';

export const TEST_META: EventMeta = {
  tenant: 'acme',
  actor: { kind: 'service', id: 'contract-suite' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  occurredAt: '2026-11-23T12:00:00.000Z',
};

/** A valid event with a fresh UUID v7 id; override any field. */
export function testEvent(overrides: Partial<NewEvent> & { data?: JsonValue } = {}): NewEvent {
  return {
    id: uuidv7(),
    type: 'ThingHappened',
    schemaVersion: 1,
    data: { n: 1 },
    meta: TEST_META,
    ...overrides,
  };
}

export function testEvents(count: number, make: (i: number) => Partial<NewEvent> = () => ({})): NewEvent[] {
  return Array.from({ length: count }, (_, i) => testEvent({ data: { i }, ...make(i) }));
}

/** Collects `count` events from an async iterable, then stops iterating. */
export async function take<T>(iterable: AsyncIterable<T>, count: number): Promise<T[]> {
  const out: T[] = [];
  if (count === 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= count) break;
  }
  return out;
}
