import { runOnNode } from '../keys/nodeCrypto.js';
import type { BundleReport } from '../portable/bundle/bundleReport.js';
import { verifyBundleSteps } from '../portable/bundle/verifyBundle.js';
import type { BundleVerifyOptions } from '../portable/bundle/verifyBundle.js';

/** `mir verify-bundle`: the portable bundle verifier on Node's crypto. */
export function verifyBundleOnNode(bytes: Uint8Array, options: BundleVerifyOptions): BundleReport {
  return runOnNode(verifyBundleSteps(bytes, options));
}
