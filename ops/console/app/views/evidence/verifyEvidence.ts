import type { BundleReport } from '../../../../../ledger/portable/bundle/bundleReport.js';
import { browserCrypto } from '../../../../verifyPage/page/browserCrypto.js';
import { verifyInPage } from '../../../../verifyPage/page/verifyInPage.js';
import type { TrustedKeys } from './trustedKeys.js';

/**
 * Verifies a bundle's bytes in this page with the /verify page's own verifier (verifyInPage: the portable steps
 * `mir verify-bundle` runs, answered by WebCrypto and tweetnacl). No witness is required; nothing leaves the page.
 * Throws when the browser offers no WebCrypto here (plain HTTP off localhost), or a key does not parse (MirError).
 */
export async function verifyEvidence(bytes: Uint8Array, trusted: TrustedKeys): Promise<BundleReport> {
  if (globalThis.crypto?.subtle === undefined)
    throw new Error('this browser offers no WebCrypto here: open the console from localhost or over HTTPS');
  return verifyInPage(
    {
      bundle: bytes,
      pinnedKeys: trusted.keys,
      trustedCheckpoint: undefined,
      witnessKeys: [],
      minWitnesses: undefined,
    },
    browserCrypto,
  );
}
