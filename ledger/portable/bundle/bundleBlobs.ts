import { referencedBlobs } from '../../../domain/blobs/blobReferences.js';
import { decodeBase64Strict, toHex } from '../bytes.js';
import { sha256Many } from '../hashing.js';
import type { Steps } from '../hashing.js';
import type { BundleBlob, EvidenceBundle } from './bundleFormat.js';
import type { BundleFailure } from './bundleReport.js';

const blobPath = (at: number) => `$.blobs[${at}]`;

/** Carried blobs in strictly ascending digest order (one spelling per content), each valid base64. */
function blobOrderFailure(blobs: readonly BundleBlob[]): BundleFailure | null {
  for (const [at, blob] of blobs.entries()) {
    const previous = blobs[at - 1];
    if (previous !== undefined && blob.digest <= previous.digest)
      return {
        code: 'BUNDLE_MALFORMED',
        message: 'blobs must be in strictly ascending digest order',
        path: blobPath(at),
        expected: `> ${previous.digest}`,
        actual: blob.digest,
      };
  }
  return null;
}

/** Every carried blob hashes to its digest (one batch of digests); names the first that does not. */
function* blobHashFailure(blobs: readonly BundleBlob[]): Steps<BundleFailure | null> {
  const decoded = blobs.map((blob) => decodeBase64Strict(blob.bytes));
  const unreadable = decoded.findIndex((bytes) => bytes === undefined);
  if (unreadable >= 0)
    return {
      code: 'BUNDLE_MALFORMED',
      message: 'a blob is not standard padded base64',
      path: `${blobPath(unreadable)}.bytes`,
    };
  const digests = yield* sha256Many(decoded as Uint8Array[]);
  for (const [at, blob] of blobs.entries()) {
    const actual = `sha256:${toHex(digests[at] as Uint8Array)}`;
    if (actual !== blob.digest)
      return {
        code: 'BLOB_HASH_MISMATCH',
        message: `blob ${blob.digest} does not hash to its digest (its bytes were changed)`,
        path: blobPath(at),
        expected: blob.digest,
        actual,
      };
  }
  return null;
}

/** Every blob an event names is carried, and every carried blob is named by an event. */
function blobPresenceFailure(bundle: EvidenceBundle, blobs: readonly BundleBlob[]): BundleFailure | null {
  const carried = new Set(blobs.map((blob) => blob.digest));
  const named = new Set<string>();
  for (const [at, event] of bundle.events.entries()) {
    for (const digest of referencedBlobs(event.data)) {
      named.add(digest);
      if (!carried.has(digest))
        return {
          code: 'BLOB_MISSING',
          message: `the event names blob ${digest}, which the bundle does not carry`,
          stream: event.stream,
          revision: event.revision,
          position: event.position,
          path: `$.events[${at}].data`,
          expected: digest,
        };
    }
  }
  const stray = blobs.findIndex((blob) => !named.has(blob.digest));
  if (stray < 0) return null;
  return {
    code: 'BLOB_NOT_REFERENCED',
    message: 'the bundle carries a blob no event names (nothing in the ledger vouches for it)',
    path: blobPath(stray),
    actual: blobs[stray]?.digest ?? null,
  };
}

/**
 * The blobs of a bundle (docs/evidence-bundle.md, `blobs`): in digest order, each hashing to its digest, exactly
 * the blobs the (already verified) events name in their `…Blob` properties. A bundle without `blobs` passes when
 * no event names a blob (bundles written before blobs existed, and runs that name none).
 */
export function* blobFailure(bundle: EvidenceBundle): Steps<BundleFailure | null> {
  const blobs = bundle.blobs ?? [];
  return blobOrderFailure(blobs) ?? (yield* blobHashFailure(blobs)) ?? blobPresenceFailure(bundle, blobs);
}
