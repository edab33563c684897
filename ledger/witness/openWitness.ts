import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../domain/index.js';
import { parseVerifierKey } from '../checkpoints/note/index.js';
import { loadOrCreateSigningKey } from '../keys/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { runOnNode } from '../keys/nodeCrypto.js';
import { createWitnessKeySteps } from '../portable/note/cosignature.js';
import { Witness } from './witness.js';
import { WITNESS_STATE_FILE_NAME, WitnessStateFile } from './witnessState.js';

/** The witness's Ed25519 key, in `<state dir>/keys/`, in the signing key file format (0600 in a 0700 folder). */
export const WITNESS_KEY_FILE_NAME = 'witness.ed25519';

export interface WitnessSetup {
  /** The witness's own directory: `keys/witness.ed25519`, `state.json` (and the lock the CLI takes). */
  readonly stateDir: string;
  /** Its key name; default `mir.witness/<first 16 hex digits of SHA-256(public key)>`, stable for a key. */
  readonly name?: string;
  /** C2SP verifier keys of the logs it witnesses (`<origin>+<key id>+base64(0x01 ‖ key)`). */
  readonly logKeys: readonly string[];
  readonly clock: Clock;
}

/**
 * Opens (creating on first use) a witness's directory, key and state. The caller holds the directory's lock.
 *
 * @throws KeyError (key file problems), NoteError `VERIFIER_KEY_MALFORMED` (a log key), WitnessError
 *   `WITNESS_STATE_MALFORMED` / `WITNESS_STATE_IO`.
 */
export function openWitness(setup: WitnessSetup): Witness {
  const { signer, name } = witnessIdentity(setup.stateDir, setup.name);
  return new Witness({
    name,
    signer,
    logKeys: setup.logKeys.map((text) => parseVerifierKey(text)),
    state: WitnessStateFile.load(join(setup.stateDir, WITNESS_STATE_FILE_NAME)),
    clock: setup.clock,
  });
}

/** Creates the state directory (0700) when missing; an existing one is left as the operator made it. */
export function ensureWitnessDir(stateDir: string): void {
  // chmod only what this call created: the umask must not widen it.
  if (mkdirSync(stateDir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(stateDir, 0o700);
}

/** The witness's signer (created on first use) and its name. Needs no lock: key creation is exclusive. */
export function witnessIdentity(
  stateDir: string,
  name: string | undefined,
): { signer: Ed25519Signer; name: string } {
  ensureWitnessDir(stateDir);
  const { signer } = loadOrCreateSigningKey(join(stateDir, 'keys'), WITNESS_KEY_FILE_NAME);
  return { signer, name: name ?? defaultWitnessName(signer.publicKey) };
}

/** The verifier key clients configure for the witness in `stateDir` (its key is created on first use). */
export function witnessVerifierKey(stateDir: string, name: string | undefined): string {
  const identity = witnessIdentity(stateDir, name);
  return runOnNode(createWitnessKeySteps(identity.name, identity.signer.publicKey)).verifierKey;
}

function defaultWitnessName(publicKey: Uint8Array): string {
  return `mir.witness/${createHash('sha256').update(publicKey).digest('hex').slice(0, 16)}`;
}
