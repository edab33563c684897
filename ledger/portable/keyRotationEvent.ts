import type { JsonObject, JsonValue } from '../../domain/events/json.js';
import { equalBytes, utf8 } from './bytes.js';
import { ED25519_SIGNATURE_LENGTH } from './ed25519PublicKeyProblem.js';
import { verifyEd25519 } from './hashing.js';
import type { Steps } from './hashing.js';
import type { ChainedKey, EventProblem, KeyStreamEvent } from './keyChain.js';
import { parseKeyRotationBody } from './keyRotationStatement.js';
import type { KeyRotationStatement } from './keyRotationStatement.js';
import { splitSignedNote } from './note/signedNote.js';
import type { NoteSignature } from './note/signedNote.js';
import { formatKeyId, parseVerifierKeySteps } from './note/verifierKey.js';
import type { NoteVerifierKey } from './note/verifierKey.js';

/** The fields of a `SigningKeyRotated` event's data (ledger/ledgerStreams.ts SigningKeyRotatedData). */
interface RotationData {
  readonly note: string;
  readonly retiredKey: string;
  readonly introducedKey: string;
  readonly retireAfter: number;
}

/**
 * Checks one `SigningKeyRotated` event against the chain so far (`keys`, oldest first, the last one current) and
 * returns the key it introduces (introduced after its retire-after size), or the problem (see keyChainSteps).
 */
export function* rotationSteps(
  event: KeyStreamEvent,
  keys: readonly ChainedKey[],
): Steps<ChainedKey | EventProblem> {
  const current = keys.at(-1);
  if (event.type !== 'SigningKeyRotated' || current === undefined) {
    return { reason: 'only SigningKeyRotated may follow the registration', actual: event.type };
  }
  const data = rotationData(event.data);
  if (typeof data === 'string') return { reason: data };
  let split: { text: string; signatures: NoteSignature[] };
  try {
    split = splitSignedNote(data.note);
  } catch (error) {
    return { reason: `the statement is not a signed note: ${(error as Error).message}` };
  }
  const statement = parseKeyRotationBody(split.text);
  if (typeof statement === 'string') return { reason: `the statement is malformed: ${statement}` };
  const stated = statementProblem(statement, data, current, event.position);
  if (stated !== undefined) return stated;
  const introduced = yield* parsedKeySteps(statement.introduce);
  if (typeof introduced === 'string') return { reason: `introduced key: ${introduced}` };
  const problem =
    introducedProblem(introduced, statement.introduce, keys) ??
    (yield* signaturesProblemSteps(
      split,
      [current.key, current.verifierKey],
      [introduced, statement.introduce],
    ));
  if (problem !== undefined) return problem;
  const { revision, position } = event;
  const retireAfter = statement.retireAfter;
  return {
    verifierKey: statement.introduce,
    key: introduced,
    introducedAfter: retireAfter,
    retiredAfter: null,
    revision,
    position,
  };
}

/** A verifier key, or why it does not parse. */
export function* parsedKeySteps(text: string): Steps<NoteVerifierKey | string> {
  try {
    return yield* parseVerifierKeySteps(text);
  } catch (error) {
    return `verifier key does not parse: ${(error as Error).message}`;
  }
}

/** The introduced key must bear the origin's name and be new to the chain (its key ID too). */
function introducedProblem(
  introduced: NoteVerifierKey,
  text: string,
  keys: readonly ChainedKey[],
): EventProblem | undefined {
  const reused = keys.some(
    (chained) =>
      chained.key.keyId === introduced.keyId || equalBytes(chained.key.publicKey, introduced.publicKey),
  );
  if (reused) return { reason: 'the introduced key or its key ID is already in the chain', actual: text };
  if (introduced.name !== keys[0]?.key.name) {
    return { reason: 'the introduced key is not named after the origin', actual: text };
  }
  return undefined;
}

/** Both keys must have signed the statement text: the retired key's line and the introduced key's line verify. */
function* signaturesProblemSteps(
  split: { text: string; signatures: readonly NoteSignature[] },
  ...keys: readonly (readonly [NoteVerifierKey, string])[]
): Steps<EventProblem | undefined> {
  const text = utf8(split.text);
  for (const [index, [key, verifierKey]] of keys.entries()) {
    if (yield* signedBySteps(split.signatures, key, text)) continue;
    const signers = split.signatures.map((line) => `${line.name}+${formatKeyId(line.keyId)}`);
    const role = index === 0 ? 'retired' : 'introduced';
    return {
      reason: `the statement is not signed by the ${role} key`,
      expected: verifierKey,
      actual: signers,
    };
  }
  return undefined;
}

/** What the statement says, checked against the event's data, the current key and where the event sits. */
function statementProblem(
  statement: KeyRotationStatement,
  data: RotationData,
  current: ChainedKey,
  position: number,
): EventProblem | undefined {
  const stored = {
    retiredKey: data.retiredKey,
    introducedKey: data.introducedKey,
    retireAfter: data.retireAfter,
  };
  const signed = {
    retiredKey: statement.retire,
    introducedKey: statement.introduce,
    retireAfter: statement.retireAfter,
  };
  if (JSON.stringify(stored) !== JSON.stringify(signed)) {
    return { reason: 'the data fields differ from the signed statement', expected: signed, actual: stored };
  }
  if (statement.origin !== current.key.name) {
    return {
      reason: 'the statement names another origin',
      expected: current.key.name,
      actual: statement.origin,
    };
  }
  if (statement.retire !== current.verifierKey) {
    return {
      reason: 'the statement retires a key that is not the current key',
      expected: current.verifierKey,
      actual: statement.retire,
    };
  }
  const floor = current.introducedAfter ?? -1;
  if (statement.retireAfter <= floor) {
    return {
      reason: 'the retirement size does not move forward',
      expected: `> ${floor}`,
      actual: statement.retireAfter,
    };
  }
  if (statement.retireAfter > position) {
    // The retired key may not sign a tree that holds its own retirement: whoever holds a checkpoint covering the
    // statement knows the retired key no longer signs it.
    return {
      reason: 'the retired key would sign trees that hold the rotation itself',
      expected: `<= ${position}`,
      actual: statement.retireAfter,
    };
  }
  return undefined;
}

/** Whether a signature line by `key` (its name and key ID) verifies over `text`. */
function* signedBySteps(
  lines: readonly NoteSignature[],
  key: NoteVerifierKey,
  text: Uint8Array,
): Steps<boolean> {
  const line = lines.find((candidate) => candidate.name === key.name && candidate.keyId === key.keyId);
  if (line === undefined || line.signature.length !== ED25519_SIGNATURE_LENGTH) return false;
  return yield* verifyEd25519(key.publicKey, text, line.signature);
}

function rotationData(data: JsonValue): RotationData | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data is not an object';
  const { note, retiredKey, introducedKey, retireAfter } = data as JsonObject;
  if (typeof note !== 'string') return 'data.note is not a string';
  if (typeof retiredKey !== 'string' || typeof introducedKey !== 'string') {
    return 'data.retiredKey or data.introducedKey is not a string';
  }
  if (typeof retireAfter !== 'number' || !Number.isSafeInteger(retireAfter) || retireAfter < 0) {
    return 'data.retireAfter is not a safe non-negative integer';
  }
  return { note, retiredKey, introducedKey, retireAfter };
}
