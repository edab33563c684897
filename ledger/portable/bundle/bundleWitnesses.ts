import { equalBytes } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { parseWitnessKeySteps, verifyCosignatureSteps } from '../note/cosignature.js';
import type { WitnessKey } from '../note/cosignature.js';
import { isNoteError } from '../note/noteErrors.js';
import { splitSignedNote } from '../note/signedNote.js';
import type { EvidenceBundle } from './bundleFormat.js';
import type { BundleFailure, BundleWitness } from './bundleReport.js';

/** The witnesses an auditor requires: their cosignature keys, and how many of them must have cosigned. */
export interface WitnessRequirement {
  readonly witnessKeys?: readonly string[];
  /** Default: every pinned witness key. */
  readonly minWitnesses?: number;
}

type WitnessReading = { readonly witnesses: BundleWitness[]; readonly failure: BundleFailure | null };

/**
 * Every witness line of the checkpoint note (each line after the log's, in order) must be a valid C2SP
 * cosignature/v1 by the key the bundle names for it, so no byte of it can change unnoticed; then at least
 * `minWitnesses` of the auditor's pinned witness keys must be among them. The bundle's own witness keys only say
 * who cosigned; only the auditor's pins make a cosignature count.
 */
export function* witnessSteps(bundle: EvidenceBundle, required: WitnessRequirement): Steps<WitnessReading> {
  const pinned: WitnessKey[] = [];
  for (const text of required.witnessKeys ?? []) {
    try {
      pinned.push(yield* parseWitnessKeySteps(text.trim()));
    } catch (error) {
      if (!isNoteError(error)) throw error;
      return {
        witnesses: [],
        failure: {
          code: 'PINNED_KEY_INVALID',
          message: `a witness key is not a C2SP cosignature/v1 key: ${error.message}`,
          actual: error.code,
        },
      };
    }
  }
  const lines = splitSignedNote(bundle.checkpoint).signatures.slice(1);
  const witnesses: BundleWitness[] = [];
  for (const [at, text] of bundle.witnesses.entries()) {
    const path = `$.witnesses[${at}]`;
    let key: WitnessKey;
    try {
      key = yield* parseWitnessKeySteps(text);
    } catch (error) {
      if (!isNoteError(error)) throw error;
      return {
        witnesses,
        failure: { code: 'BUNDLE_MALFORMED', message: `not a witness key: ${error.message}`, path },
      };
    }
    const verdict = yield* verifyCosignatureSteps(bundle.checkpoint, lines[at]!, key);
    if (verdict.status !== 'verified')
      return {
        witnesses,
        failure: {
          code: 'WITNESS_COSIGNATURE_INVALID',
          message: `the cosignature of witness ${key.name} does not verify${verdict.status === 'invalid' ? `: ${verdict.reason}` : " (the line is another key's)"}`,
          path,
          expected: text,
        },
      };
    const isPinned = pinned.some(
      (pin) => pin.name === key.name && pin.keyId === key.keyId && equalBytes(pin.publicKey, key.publicKey),
    );
    witnesses.push({ name: key.name, verifierKey: text, verified: isPinned, timestamp: verdict.timestamp });
  }
  const needed = required.minWitnesses ?? pinned.length;
  const counted = witnesses.filter((witness) => witness.verified).length;
  if (counted >= needed) return { witnesses, failure: null };
  return {
    witnesses,
    failure: {
      code: 'WITNESSES_TOO_FEW',
      message: `${counted} of the witnesses you pinned cosigned the checkpoint, ${needed} required`,
      expected: needed,
      actual: counted,
    },
  };
}
