import type { Steps } from '../hashing.js';
import { checkpointSignerFailure, keyChainSteps, trustedKeys } from '../keyChain.js';
import type { ChainedKey, KeyChain } from '../keyChain.js';
import { isCheckpointError } from '../note/checkpointErrors.js';
import { openCheckpointSteps } from '../note/checkpointNote.js';
import type { Checkpoint } from '../note/checkpointNote.js';
import { isNoteError } from '../note/noteErrors.js';
import { splitSignedNote } from '../note/signedNote.js';
import type { BundleEvent } from './bundleFormat.js';
import { KEYS_STREAM } from './bundleFormat.js';
import type { BundleFailure, BundleKey } from './bundleReport.js';

type KeysReading = { readonly chain: KeyChain } | { readonly failure: BundleFailure };

/**
 * Reads the key history the bundle carries (the `keys` stream from revision 0: the ledger's first key and every
 * rotation, each signed by the retired and the introduced key) and trusts it only when one of the auditor's pinned
 * keys is in that chain: the bundle never vouches for itself.
 */
export function* bundleKeysSteps(
  events: readonly BundleEvent[],
  pinned: readonly string[],
): Steps<KeysReading> {
  if (pinned.length === 0)
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
  let reading;
  try {
    reading = yield* keyChainSteps(history, pinned);
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
  if (reading.failure !== null) return { failure: reading.failure };
  if (reading.chain.trust === 'none')
    return {
      failure: {
        code: 'KEY_NOT_TRUSTED',
        message: "no pinned key is one of the ledger's checkpoint keys in this bundle",
        expected: [...pinned],
        actual: reading.chain.keys.map((key) => key.verifierKey),
      },
    };
  return { chain: reading.chain };
}

type CheckpointReading = { readonly checkpoint: Checkpoint } | { readonly failure: BundleFailure };

/**
 * Opens the bundle's checkpoint note with the chain's keys, and checks the key that signed it may sign a tree of
 * that size (a retired key may not sign after its retirement size: KEY_RETIRED).
 */
export function* openBundleCheckpoint(note: string, chain: KeyChain): Steps<CheckpointReading> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = yield* openCheckpointSteps(note, trustedKeys(chain));
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
        message: `the checkpoint does not verify with a key of the trusted chain (${error.code})`,
        path: '$.checkpoint',
        expected: chain.keys.map((key) => key.verifierKey),
        actual: error.code,
      },
    };
  }
  const range = checkpointSignerFailure(chain, note, checkpoint.treeSize);
  if (range !== null) return { failure: { ...range, path: '$.checkpoint' } };
  return { checkpoint };
}

/** The key history as the report shows it, and which key signed the checkpoint. */
export function keyReport(chain: KeyChain, note: string | null): BundleKey[] {
  const signers = note === null ? [] : splitSignedNote(note).signatures;
  const signed = (key: ChainedKey) =>
    signers.some((line) => line.name === key.key.name && line.keyId === key.key.keyId);
  return chain.keys.map((key) => ({
    verifierKey: key.verifierKey,
    introducedAfter: key.introducedAfter,
    retiredAfter: key.retiredAfter,
    signedCheckpoint: signed(key),
  }));
}
