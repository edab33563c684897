import { randomBytes } from 'node:crypto';
import type { NewEvent } from '../../domain/index.js';

const META = {
  tenant: 'acme',
  actor: { kind: 'service', id: 'bench-writer' },
  correlationId: 'bench-correlation',
  causationId: 'bench-causation',
  occurredAt: '2026-11-23T12:00:00.000Z',
} as const;

/**
 * Unique UUID-shaped ids from a random prefix and a counter: the ledger accepts any UUID, and drawing random
 * bytes per id would measure the id generator rather than the ledger (both sides of every comparison use these).
 */
export function idSource(): () => string {
  const prefix = randomBytes(8).toString('hex');
  let counter = 0;
  return () => {
    const tail = (counter++).toString(16).padStart(16, '0');
    return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}-7${prefix.slice(13, 16)}-8${tail.slice(1, 4)}-${tail.slice(4)}`;
  };
}

/** A typical run step: a few fields and a short text, ~120 bytes of data. */
export function benchEvent(nextId: () => string, step: number): NewEvent {
  return {
    id: nextId(),
    type: 'StepRecorded',
    schemaVersion: 1,
    data: { kind: 'tool_call', summary: 'looked up the weather for the requested city', step, ok: true },
    meta: META,
  };
}
