import { equalBytes } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { isCheckpointError } from '../note/checkpointErrors.js';
import { openCheckpointSteps } from '../note/checkpointNote.js';
import type { Checkpoint } from '../note/checkpointNote.js';
import { isNoteError } from '../note/noteErrors.js';
import { splitSignedNote } from '../note/signedNote.js';
import { formatKeyId, parseVerifierKeySteps } from '../note/verifierKey.js';
import type { NoteVerifierKey } from '../note/verifierKey.js';
import type { BundleEvent } from './bundleFormat.js';
import { KEYS_STREAM } from './bundleFormat.js';
import type { BundleFailure, BundleKey } from './bundleReport.js';

/** The checkpoint keys the bundle's key history names, once one of them is pinned by the auditor. */
export interface BundleKeys {
  readonly keys: readonly NoteVerifierKey[];
  readonly texts: readonly string[];
}

type KeysReading = { readonly keys: BundleKeys } | { readonly failure: BundleFailure };

/**
 * Reads the `keys` stream the bundle carries (it must start at revision 0: the ledger's first key) and trusts it
 * only when one of the auditor's pinned keys is among its keys: the bundle never vouches for itself.
 */
export function* bundleKeysSteps(
  events: readonly BundleEvent[],
  pinned: readonly string[],
): Steps<KeysReading> {
  const pinnedKeys: NoteVerifierKey[] = [];
  for (const text of pinned) {
    try {
      pinnedKeys.push(yield* parseVerifierKeySteps(text.trim()));
    } catch (error) {
      if (!isNoteError(error)) throw error;
      return {
        failure: {
          code: 'PINNED_KEY_INVALID',
          message: `a pinned public key is not a C2SP verifier key: ${error.message}`,
          actual: error.code,
        },
      };
    }
  }
  if (pinnedKeys.length === 0)
    return {
      failure: {
        code: 'PINNED_KEY_INVALID',
        message: 'no public key was given: pin the ledger key you trust',
      },
    };
  const history = events.filter((event) => event.stream === KEYS_STREAM);
  if (history[0]?.revision !== 0)
    return {
      failure: {
        code: 'STORY_INCOMPLETE',
        message: 'the bundle does not carry the key history from its start (keys revision 0)',
        stream: KEYS_STREAM,
        expected: 0,
        actual: history[0]?.revision ?? null,
      },
    };
  const keys: NoteVerifierKey[] = [];
  const texts: string[] = [];
  for (const event of history.filter((entry) => entry.type === 'SigningKeyRegistered')) {
    const text = (event.data as { verifierKey?: unknown } | null)?.verifierKey;
    try {
      if (typeof text !== 'string') throw new TypeError('no verifierKey');
      keys.push(yield* parseVerifierKeySteps(text));
      texts.push(text);
    } catch {
      return {
        failure: {
          code: 'KEY_HISTORY_INVALID',
          message: 'a key registration names no valid verifier key',
          stream: event.stream,
          revision: event.revision,
          position: event.position,
        },
      };
    }
  }
  const pinnedInHistory = pinnedKeys.some((pin) => keys.some((key) => sameKey(key, pin)));
  if (!pinnedInHistory)
    return {
      failure: {
        code: 'KEY_NOT_TRUSTED',
        message: "no pinned key is one of the ledger's checkpoint keys in this bundle",
        expected: pinnedKeys.map(keyName),
        actual: keys.map(keyName),
      },
    };
  return { keys: { keys, texts } };
}

type CheckpointReading =
  { readonly checkpoint: Checkpoint; readonly signer: NoteVerifierKey } | { readonly failure: BundleFailure };

/** Opens the bundle's checkpoint note with the trusted keys and names the key that signed it. */
export function* openBundleCheckpoint(
  note: string,
  keys: readonly NoteVerifierKey[],
): Steps<CheckpointReading> {
  try {
    const checkpoint = yield* openCheckpointSteps(note, keys);
    const lines = splitSignedNote(note).signatures;
    const signer = keys.find((key) =>
      lines.some((line) => line.name === key.name && line.keyId === key.keyId),
    );
    return { checkpoint, signer: signer as NoteVerifierKey };
  } catch (error) {
    if (isCheckpointError(error))
      return {
        failure: {
          code: 'CHECKPOINT_MALFORMED',
          message: `the signed note is not a checkpoint: ${error.message}`,
          path: '$.checkpoint',
          actual: error.code,
        },
      };
    if (!isNoteError(error)) throw error;
    return {
      failure: {
        code: 'CHECKPOINT_SIGNATURE_INVALID',
        message: `the checkpoint does not verify with a trusted key (${error.code})`,
        path: '$.checkpoint',
        expected: keys.map(keyName),
        actual: error.code,
      },
    };
  }
}

/** The key history as the report shows it. */
export function keyReport(keys: BundleKeys, signer: NoteVerifierKey | null): BundleKey[] {
  return keys.keys.map((key, at) => ({
    verifierKey: keys.texts[at] as string,
    retiredAfter: null,
    signedCheckpoint: signer !== null && sameKey(key, signer),
  }));
}

function sameKey(a: NoteVerifierKey, b: NoteVerifierKey): boolean {
  return a.name === b.name && a.keyId === b.keyId && equalBytes(a.publicKey, b.publicKey);
}

function keyName(key: NoteVerifierKey): string {
  return `${key.name}+${formatKeyId(key.keyId)}`;
}
