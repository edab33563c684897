// The portable cosignature steps (ledger/portable/note/cosignature.ts) on Node's crypto, for the witness client.
import { runOnNode } from '../keys/nodeCrypto.js';
import {
  parseWitnessKeySteps,
  verifyCosignaturesSteps,
  verifyCosignatureSteps,
} from '../portable/note/cosignature.js';
import type { CosignatureReport, CosignatureVerdict, WitnessKey } from '../portable/note/cosignature.js';

/** See parseWitnessKeySteps. */
export function parseWitnessKey(text: string): WitnessKey {
  return runOnNode(parseWitnessKeySteps(text));
}

/** See verifyCosignatureSteps. */
export function verifyCosignature(
  noteOrText: string,
  line: string,
  witnessKey: WitnessKey,
): CosignatureVerdict {
  return runOnNode(verifyCosignatureSteps(noteOrText, line, witnessKey));
}

/** See verifyCosignaturesSteps. */
export function verifyCosignatures(
  note: string | Uint8Array,
  witnessKeys: readonly WitnessKey[],
): CosignatureReport {
  return runOnNode(verifyCosignaturesSteps(note, witnessKeys));
}
