import { verifyBundleSteps } from '../../../ledger/portable/bundle/verifyBundle.js';
import type { BundleVerifyOptions } from '../../../ledger/portable/bundle/verifyBundle.js';
import type { BundleReport } from '../../../ledger/portable/bundle/bundleReport.js';
import { runAsync } from '../../../ledger/portable/hashing.js';
import type { AsyncCrypto } from '../../../ledger/portable/hashing.js';
import type { VerifyInput } from './verifyForm.js';

/**
 * Verifies what the form holds with the one bundle verifier `mir verify-bundle` runs too, answering its crypto
 * requests with `crypto` (the browser's). The report names the first failure; bad options may throw a MirError.
 */
export function verifyInPage(input: VerifyInput, crypto: AsyncCrypto): Promise<BundleReport> {
  const options: BundleVerifyOptions = {
    publicKeys: input.pinnedKeys,
    ...(input.trustedCheckpoint === undefined ? {} : { trustedCheckpoint: input.trustedCheckpoint }),
    witnessKeys: input.witnessKeys,
    ...(input.minWitnesses === undefined ? {} : { minWitnesses: input.minWitnesses }),
  };
  return runAsync(verifyBundleSteps(input.bundle, options), crypto);
}
