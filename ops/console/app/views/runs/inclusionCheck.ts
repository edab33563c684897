import { fromHex } from '../../../../../ledger/portable/bytes.js';
import type { Steps } from '../../../../../ledger/portable/hashing.js';
import {
  isMerkleArgumentError,
  isMerkleProofError,
} from '../../../../../ledger/portable/merkle/merkleErrors.js';
import { verifyInclusionSteps } from '../../../../../ledger/portable/merkle/proofVerify.js';
import { hashLeafSteps } from '../../../../../ledger/portable/merkle/treeHashing.js';
import { isCheckpointError } from '../../../../../ledger/portable/note/checkpointErrors.js';
import { openCheckpointSteps } from '../../../../../ledger/portable/note/checkpointNote.js';
import { isNoteError } from '../../../../../ledger/portable/note/noteErrors.js';
import { parseVerifierKeySteps } from '../../../../../ledger/portable/note/verifierKey.js';
import type { NoteVerifierKey } from '../../../../../ledger/portable/note/verifierKey.js';

/** What the explain answer gives to check an event's inclusion (hex strings as the API sends them). */
export interface InclusionClaim {
  /** The event's hash and global position (its leaf index). */
  readonly eventHash: string;
  readonly position: number;
  readonly proof: {
    readonly leafIndex: number;
    readonly treeSize: number;
    readonly hashes: readonly string[];
    /** The signed checkpoint the proof is against (its C2SP note), when the API sent it. */
    readonly checkpointNote: string | null;
  };
  /** The ledger's checkpoint verifier keys (`ledger.publicKeys`). */
  readonly verifierKeys: readonly string[];
}

export type InclusionVerdict =
  | { readonly verified: true; readonly treeSize: number }
  | { readonly verified: false; readonly reason: string };

/**
 * Checks, with the portable ledger code, that the event is the leaf at its position of the tree a signed
 * checkpoint commits to: the checkpoint note's signature against the ledger's verifier keys, then the audit path
 * from SHA-256(0x00 ‖ event hash) to the root the note signs (not to the root the API states). Never throws for a
 * bad claim: the verdict says what failed.
 *
 * The verifier keys come from the same server: this proves the proof is consistent with a checkpoint that server's
 * key signed; an auditor who pins the key out of band checks it against that key (the evidence bundle verifier).
 */
export function* checkInclusionSteps(claim: InclusionClaim): Steps<InclusionVerdict> {
  const { proof } = claim;
  if (proof.checkpointNote === null) {
    return refused(`no signed checkpoint of tree size ${proof.treeSize} came with the proof`);
  }
  if (proof.leafIndex !== claim.position) {
    return refused(
      `the proof is for leaf ${proof.leafIndex}, but the event is at position ${claim.position}`,
    );
  }
  const eventHash = fromHex(claim.eventHash);
  const path = proof.hashes.map((hash) => fromHex(hash));
  if (eventHash === undefined || path.some((hash) => hash === undefined)) {
    return refused('the event hash or the audit path is not hex');
  }
  try {
    const keys: NoteVerifierKey[] = [];
    for (const key of claim.verifierKeys) keys.push(yield* parseVerifierKeySteps(key));
    const checkpoint = yield* openCheckpointSteps(proof.checkpointNote, keys);
    if (checkpoint.treeSize !== proof.treeSize) {
      return refused(
        `the proof is for tree size ${proof.treeSize}, the checkpoint signs ${checkpoint.treeSize}`,
      );
    }
    const leaf = yield* hashLeafSteps(eventHash);
    yield* verifyInclusionSteps(
      leaf,
      proof.leafIndex,
      checkpoint.treeSize,
      path as Uint8Array[],
      checkpoint.rootHash,
    );
    return { verified: true, treeSize: checkpoint.treeSize };
  } catch (error) {
    if (isKnownFailure(error)) return refused(error.message);
    throw error;
  }
}

function refused(reason: string): InclusionVerdict {
  return { verified: false, reason };
}

function isKnownFailure(error: unknown): error is Error {
  return (
    isNoteError(error) ||
    isCheckpointError(error) ||
    isMerkleProofError(error) ||
    isMerkleArgumentError(error)
  );
}
