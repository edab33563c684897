import { formatKeyId, openNote } from '../checkpoints/note/index.js';
import type { NoteVerifierKey } from '../checkpoints/note/index.js';
import type { CheckpointClaim } from './checkpointClaims.js';
import type { VerificationFailure } from './verificationReport.js';

/**
 * A key the auditor pinned must have signed at least one verified checkpoint: otherwise nothing in the ledger is
 * authenticated by it (an empty ledger, or one whose checkpoints were all removed, would pass as intact).
 * Fails with NO_CHECKPOINT_BY_PINNED_KEY naming the first such key.
 */
export function pinnedKeyFailure(
  pinned: readonly NoteVerifierKey[],
  verifiedClaims: readonly CheckpointClaim[],
): VerificationFailure | null {
  for (const key of pinned) {
    if (verifiedClaims.some((claim) => signedBy(claim.note, key))) continue;
    const name = `${key.name}+${formatKeyId(key.keyId)}`;
    return {
      code: 'NO_CHECKPOINT_BY_PINNED_KEY',
      message: `no verified checkpoint in the ledger is signed by the pinned key ${name}`,
      expected: name,
      actual: verifiedClaims.length,
    };
  }
  return null;
}

function signedBy(note: string, key: NoteVerifierKey): boolean {
  try {
    openNote(note, [key]);
    return true;
  } catch {
    return false;
  }
}
