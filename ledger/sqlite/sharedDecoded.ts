import type { EncodedEvent, RecordedEvent } from '../../domain/index.js';
import { decodeEvent } from '../append/decodeEvent.js';

const cache = new WeakMap<EncodedEvent, RecordedEvent>();

/**
 * The decoded form of an encoding held in memory (recent commits), computed once and deep-frozen so that every
 * live subscriber can share it safely. Entries vanish with the encodings they belong to.
 */
export function sharedDecoded(encoded: EncodedEvent): RecordedEvent {
  let decoded = cache.get(encoded);
  if (decoded === undefined) {
    decoded = deepFreeze(decodeEvent(encoded));
    cache.set(encoded, decoded);
  }
  return decoded;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
