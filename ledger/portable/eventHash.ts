import { toHex, utf8 } from './bytes.js';
import { sha256 } from './hashing.js';
import type { Steps } from './hashing.js';

/** `prevHash` of every stream's revision 0: 64 zero hex digits (no event hashes to all zeros). */
export const GENESIS_HASH = '0'.repeat(64);

/** Domain-separation prefix: an event hash can never be confused with another SHA-256 MIR computes. */
export const EVENT_HASH_PREFIX = 'mir.event.v1\n';

/** The hashed fields of one event, with `data` and `meta` already in canonical JSON form. */
export interface HashableEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly meta: string;
  readonly prevHash: string;
}

/**
 * The exact bytes an event hash covers (UTF-8 of this string):
 *
 *   "mir.event.v1\n"
 *   {"data":<data>,"id":<id>,"meta":<meta>,"prevHash":<prevHash>,"revision":<revision>,
 *    "schemaVersion":<schemaVersion>,"stream":<stream>,"type":<type>}
 *
 * i.e. the prefix followed by the RFC 8785 canonical JSON of the envelope without `position` and `hash`
 * (members in JCS key order, strings JSON-escaped, integers in decimal). Because `data` and `meta` are stored in
 * canonical form, the preimage is assembled from stored text without re-encoding, which keeps verification fast.
 * `prevHash` is the lowercase hex hash of the stream's previous event, or GENESIS_HASH at revision 0.
 */
export function eventPreimage(event: HashableEvent): string {
  return (
    EVENT_HASH_PREFIX +
    '{"data":' +
    event.data +
    ',"id":' +
    JSON.stringify(event.id) +
    ',"meta":' +
    event.meta +
    ',"prevHash":' +
    JSON.stringify(event.prevHash) +
    ',"revision":' +
    String(event.revision) +
    ',"schemaVersion":' +
    String(event.schemaVersion) +
    ',"stream":' +
    JSON.stringify(event.stream) +
    ',"type":' +
    JSON.stringify(event.type) +
    '}'
  );
}

/** SHA-256 of `eventPreimage(event)`, lowercase hex, as portable steps (Node's hot path: computeEventHash). */
export function* eventHashSteps(event: HashableEvent): Steps<string> {
  return toHex(yield* sha256(utf8(eventPreimage(event))));
}
