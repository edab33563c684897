import { verifierKeyLines } from '../../../../../ledger/portable/verifierKeyLines.js';

/** The checkpoint keys a verification trusts, and where they came from. */
export interface TrustedKeys {
  readonly keys: readonly string[];
  /** `pinned`: the keys the person pasted. `served`: the ledger's `publicKeys`, which this server served. */
  readonly source: 'pinned' | 'served';
}

/**
 * The keys to verify a bundle against: the pasted ones (one per line, `#` comments and blank lines skipped, as
 * `mir verify --public-key-file` reads them), else the keys the server serves. Only pinned keys are a trust anchor:
 * a server that forged a bundle could serve a key that verifies it, so the page says which it used.
 */
export function trustedKeys(pasted: string, served: readonly string[]): TrustedKeys {
  const pinned = verifierKeyLines(pasted);
  return pinned.length > 0 ? { keys: pinned, source: 'pinned' } : { keys: served, source: 'served' };
}
