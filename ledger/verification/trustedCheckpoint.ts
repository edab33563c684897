import { openCheckpoint } from '../checkpoints/note/index.js';
import { checkpointSignerFailure, trustedKeys } from '../portable/keyChain.js';
import type { KeyChain } from '../portable/keyChain.js';
import type { CheckpointClaim } from './checkpointClaims.js';
import type { EventScanner } from './eventScanner.js';
import type { CheckpointSummary, VerificationFailure } from './verificationReport.js';

/** The auditor's saved checkpoint, once its signature and origin are checked. */
export type TrustedClaim = CheckpointSummary;

/**
 * Opens the auditor's saved note with the trusted key chain; a failure (a signature by no chain key, or by a key
 * that may not sign its tree size) is TRUSTED_CHECKPOINT_INVALID.
 */
export function openTrusted(
  note: string,
  chain: KeyChain,
  origin: string | null,
): TrustedClaim | VerificationFailure {
  try {
    const checkpoint = openCheckpoint(note, trustedKeys(chain));
    const signer = checkpointSignerFailure(chain, note, checkpoint.treeSize);
    if (signer !== null) {
      return {
        code: 'TRUSTED_CHECKPOINT_INVALID',
        message: `the trusted checkpoint is signed by a key that may not sign it: ${signer.message}`,
        expected: signer.expected,
        actual: signer.actual,
      };
    }
    if (checkpoint.origin !== origin) {
      return {
        code: 'TRUSTED_CHECKPOINT_INVALID',
        message: 'the trusted checkpoint belongs to another ledger',
        expected: checkpoint.origin,
        actual: origin,
      };
    }
    return {
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash.toString('hex'),
      timestamp: checkpoint.timestamp,
    };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    return {
      code: 'TRUSTED_CHECKPOINT_INVALID',
      message: `the trusted checkpoint does not verify with a trusted key (${code})`,
      actual: code,
    };
  }
}

/**
 * Checks the whole scanned ledger against the auditor's saved checkpoint: it still holds at least that many events
 * (LEDGER_TRUNCATED), they still hash to the saved root (TRUSTED_CHECKPOINT_MISMATCH), and the checkpoint itself is
 * still in the ledger, verified (TRUSTED_CHECKPOINT_MISSING). The last catches the deletion of the newest checkpoint
 * events, which no in-ledger check can see: the latest checkpoint is a leaf of no signed tree yet, so removing it
 * leaves every chain and root intact while the events after the previous checkpoint lose their signature.
 * `verifiedClaims` null skips that last check (a prefix was verified: the checkpoint event may lie beyond it).
 */
export function trustedFailure(
  trusted: TrustedClaim,
  scanner: EventScanner,
  verifiedClaims: readonly CheckpointClaim[] | null,
): VerificationFailure | null {
  if (trusted.treeSize > scanner.size) {
    return {
      code: 'LEDGER_TRUNCATED',
      message: `the ledger holds fewer events than the trusted checkpoint covers`,
      expected: trusted.treeSize,
      actual: scanner.size,
    };
  }
  const actual = scanner.roots.get(trusted.treeSize);
  if (actual !== trusted.rootHash) {
    return {
      code: 'TRUSTED_CHECKPOINT_MISMATCH',
      message: `the first ${trusted.treeSize} events no longer hash to the trusted root (history was rewritten)`,
      expected: trusted.rootHash,
      actual: actual ?? null,
    };
  }
  if (verifiedClaims === null) return null;
  const present = verifiedClaims.some(
    (claim) => claim.treeSize === trusted.treeSize && claim.rootHash === trusted.rootHash,
  );
  if (!present) {
    const latest = verifiedClaims.at(-1);
    return {
      code: 'TRUSTED_CHECKPOINT_MISSING',
      message: `the trusted checkpoint of tree size ${trusted.treeSize} is no longer in the ledger (checkpoint events were removed; events after the previous checkpoint are unprotected)`,
      expected: { treeSize: trusted.treeSize, rootHash: trusted.rootHash },
      actual: latest === undefined ? null : { latestTreeSize: latest.treeSize },
    };
  }
  return null;
}
