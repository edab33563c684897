import { hash } from 'node:crypto';
import { eventPreimage } from '../portable/eventHash.js';
import type { HashableEvent } from '../portable/eventHash.js';

export { EVENT_HASH_PREFIX, eventPreimage, GENESIS_HASH } from '../portable/eventHash.js';
export type { HashableEvent } from '../portable/eventHash.js';

/**
 * SHA-256 of `eventPreimage(event)`, lowercase hex: Node's hot path for appends and `mir verify` (the portable
 * eventHashSteps computes the same bytes for the bundle verifier).
 */
export function computeEventHash(event: HashableEvent): string {
  return hash('sha256', eventPreimage(event), 'hex');
}
