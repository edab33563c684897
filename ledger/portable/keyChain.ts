import type { JsonObject, JsonValue } from '../../domain/events/json.js';
import { equalBytes } from './bytes.js';
import type { Steps } from './hashing.js';
import { parsedKeySteps, rotationSteps } from './keyRotationEvent.js';
import { splitSignedNote } from './note/signedNote.js';
import { formatKeyId, parseVerifierKeySteps } from './note/verifierKey.js';
import type { NoteVerifierKey } from './note/verifierKey.js';

/** The stream whose events keyChainSteps reads (`ledger/ledgerStreams.ts` KEYS_STREAM, repeated: that is Node-side). */
const KEYS_STREAM = 'keys';

/** What keyChainSteps reads of each event of the `keys` stream (a RecordedEvent, or a bundle's envelope, has it). */
export interface KeyStreamEvent {
  readonly type: string;
  readonly revision: number;
  readonly position: number;
  readonly data: JsonValue;
}

/**
 * One checkpoint key and the tree sizes it may sign: greater than `introducedAfter` (null: from the first tree) and
 * at most `retiredAfter` (null: it is the current key).
 */
export interface ChainedKey {
  /** C2SP verifier key, `<origin>+<key id hex>+<base64(0x01 ‖ public key)>`. */
  readonly verifierKey: string;
  readonly key: NoteVerifierKey;
  readonly introducedAfter: number | null;
  readonly retiredAfter: number | null;
  /** The `keys` event that introduced it: `SigningKeyRegistered` (revision 0) or a `SigningKeyRotated`. */
  readonly revision: number;
  readonly position: number;
}

/**
 * Whose word the chain rests on: `ledger` (no key was pinned: integrity, not authorship), `pinned` (a pinned key is
 * in the chain: every statement is signed by both neighbours, so one pinned key vouches for all), `none` (keys were
 * pinned and none is in the chain: the chain trusts nothing, see {@link trustedKeys}).
 */
export type KeyTrust = 'ledger' | 'pinned' | 'none';

export interface KeyChain {
  /** The origin every key is named after; null for an empty `keys` stream. */
  readonly origin: string | null;
  /** Oldest first; the last is the current key. */
  readonly keys: readonly ChainedKey[];
  readonly trust: KeyTrust;
}

/** Why the `keys` stream does not form a chain: named like a verification failure, at the event at fault. */
export interface KeyChainFailure {
  readonly code: 'KEY_ROTATION_INVALID';
  readonly message: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly expected?: JsonValue;
  readonly actual?: JsonValue;
}

/** What keyChainSteps answers: the chain as established before the first failure (all of it when there is none). */
export interface KeyChainReading {
  readonly chain: KeyChain;
  readonly failure: KeyChainFailure | null;
}

/** Why a key may not sign a checkpoint of some tree size. */
export interface KeyRangeFailure {
  readonly code: 'KEY_RETIRED' | 'KEY_NOT_YET_VALID' | 'KEY_NOT_IN_CHAIN';
  readonly message: string;
  readonly expected: JsonValue;
  readonly actual: JsonValue;
}

/**
 * Reads the `keys` stream in revision order (`SigningKeyRegistered` at revision 0, then `SigningKeyRotated` events)
 * and returns the chain of checkpoint keys with the tree sizes each may sign. Never throws on what the events hold:
 * the first problem is a `KEY_ROTATION_INVALID` failure naming the event (stream, revision, position, expected,
 * actual), and the chain then holds the keys established before it. Refused: a revision gap, another event type,
 * a registration without a valid verifier key, and a rotation whose statement (see keyRotationStatement.ts) is not
 * signed by both the then current key and the introduced key, retires another key than the current one, names
 * another origin, reuses a key (or key ID) of the chain, does not move the retirement size forward, lets the retired
 * key sign a tree that holds the rotation itself (retire-after > the event's position), or disagrees with the
 * event's data fields.
 *
 * @param pinnedVerifierKeys the auditor's keys: the chain is trusted when one of them is in it (see KeyTrust).
 * @throws NoteError `VERIFIER_KEY_MALFORMED` for a pinned key that does not parse (the caller's input).
 */
export function* keyChainSteps(
  keysStreamEvents: readonly KeyStreamEvent[],
  pinnedVerifierKeys: readonly string[] = [],
): Steps<KeyChainReading> {
  const pins: NoteVerifierKey[] = [];
  for (const text of pinnedVerifierKeys) pins.push(yield* parseVerifierKeySteps(text.trim()));
  const keys: ChainedKey[] = [];
  let failure: KeyChainFailure | null = null;
  for (const [index, event] of keysStreamEvents.entries()) {
    const step =
      event.revision !== index
        ? { reason: 'revision gap in the keys stream', expected: index, actual: event.revision }
        : index === 0
          ? yield* registrationSteps(event)
          : yield* rotationSteps(event, keys);
    if ('reason' in step) {
      failure = invalid(event, step);
      break;
    }
    const current = keys.pop();
    if (current !== undefined) keys.push({ ...current, retiredAfter: step.introducedAfter });
    keys.push(step);
  }
  const origin = keys[0]?.key.name ?? null;
  return { chain: { origin, keys, trust: trustOf(keys, pins) }, failure };
}

/** The keys whose signatures count: every key of a trusted chain, none of an untrusted one. */
export function trustedKeys(chain: KeyChain): NoteVerifierKey[] {
  return chain.trust === 'none' ? [] : chain.keys.map((chained) => chained.key);
}

/** The key that may sign a checkpoint of `treeSize`, if any. */
export function keyForTreeSize(chain: KeyChain, treeSize: number): ChainedKey | undefined {
  return chain.keys.find(
    (chained) =>
      (chained.introducedAfter === null || treeSize > chained.introducedAfter) &&
      (chained.retiredAfter === null || treeSize <= chained.retiredAfter),
  );
}

/**
 * Whether the chain key with `signerKeyId` may sign a checkpoint of `treeSize`: `KEY_RETIRED` after its retirement
 * size, `KEY_NOT_YET_VALID` at or before the size it was introduced after, `KEY_NOT_IN_CHAIN` for another key ID.
 * Expected and actual name the tree size and the key that may sign it / that signed it.
 */
export function keyForCheckpoint(
  chain: KeyChain,
  treeSize: number,
  signerKeyId: number,
): { readonly key: ChainedKey; readonly failure: null } | { readonly failure: KeyRangeFailure } {
  const key = chain.keys.find((chained) => chained.key.keyId === signerKeyId);
  const expected = { treeSize, signer: keyForTreeSize(chain, treeSize)?.verifierKey ?? null };
  if (key === undefined) {
    const actual = { treeSize, signerKeyId: formatKeyId(signerKeyId) };
    const message = `checkpoint signed by key ID ${actual.signerKeyId}, which is not in the key chain`;
    return { failure: { code: 'KEY_NOT_IN_CHAIN', message, expected, actual } };
  }
  const actual = { treeSize, signer: key.verifierKey };
  const name = `${key.key.name}+${formatKeyId(key.key.keyId)}`;
  if (key.retiredAfter !== null && treeSize > key.retiredAfter) {
    const message = `checkpoint of tree size ${treeSize} is signed by ${name}, retired after tree size ${key.retiredAfter}`;
    return { failure: { code: 'KEY_RETIRED', message, expected, actual } };
  }
  if (key.introducedAfter !== null && treeSize <= key.introducedAfter) {
    const message = `checkpoint of tree size ${treeSize} is signed by ${name}, introduced for trees larger than ${key.introducedAfter}`;
    return { failure: { code: 'KEY_NOT_YET_VALID', message, expected, actual } };
  }
  return { key, failure: null };
}

/**
 * The first signature line of `note` by a chain key (the origin's name and a chain key ID) whose key may not sign a
 * tree of `treeSize`, or null. Lines of other keys (witness cosignatures, unknown keys) are not this check's business.
 * Precondition: the note's signatures by chain keys verified (openCheckpointSteps with trustedKeys(chain) checks
 * every one); a note that does not parse is a precondition failure and throws NoteError.
 */
export function checkpointSignerFailure(
  chain: KeyChain,
  note: string | Uint8Array,
  treeSize: number,
): KeyRangeFailure | null {
  for (const line of splitSignedNote(note).signatures) {
    if (line.name !== chain.origin || !chain.keys.some((chained) => chained.key.keyId === line.keyId))
      continue;
    const check = keyForCheckpoint(chain, treeSize, line.keyId);
    if (check.failure !== null) return check.failure;
  }
  return null;
}

/** A problem with one event, before it is placed. */
export interface EventProblem {
  readonly reason: string;
  readonly expected?: JsonValue;
  readonly actual?: JsonValue;
}

function* registrationSteps(event: KeyStreamEvent): Steps<ChainedKey | EventProblem> {
  if (event.type !== 'SigningKeyRegistered') {
    return { reason: 'the keys stream does not open with SigningKeyRegistered', actual: event.type };
  }
  const data = event.data;
  const record: JsonObject =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as JsonObject) : {};
  const text = record.verifierKey;
  if (typeof text !== 'string') return { reason: 'data.verifierKey is not a string' };
  const key = yield* parsedKeySteps(text);
  if (typeof key === 'string') return { reason: key, actual: text };
  if (record.keyName !== undefined && record.keyName !== key.name) {
    return {
      reason: 'data.keyName differs from the verifier key name',
      expected: key.name,
      actual: record.keyName,
    };
  }
  const { revision, position } = event;
  return { verifierKey: text, key, introducedAfter: null, retiredAfter: null, revision, position };
}

function trustOf(keys: readonly ChainedKey[], pins: readonly NoteVerifierKey[]): KeyTrust {
  if (pins.length === 0) return 'ledger';
  const pinned = keys.some((chained) =>
    pins.some((pin) => pin.keyId === chained.key.keyId && equalBytes(pin.publicKey, chained.key.publicKey)),
  );
  return pinned ? 'pinned' : 'none';
}

function invalid(event: KeyStreamEvent, problem: EventProblem): KeyChainFailure {
  return {
    code: 'KEY_ROTATION_INVALID',
    message: `keys stream event at revision ${event.revision} is invalid: ${problem.reason}`,
    stream: KEYS_STREAM,
    revision: event.revision,
    position: event.position,
    ...(problem.expected === undefined ? {} : { expected: problem.expected }),
    ...(problem.actual === undefined ? {} : { actual: problem.actual }),
  };
}
