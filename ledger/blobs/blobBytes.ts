import { LedgerError } from '../../domain/index.js';
import type { BlobReference, JsonValue } from '../../domain/index.js';
import { sha256Hex } from '../contentAddressedFile.js';
import { canonicalJson } from '../portable/canonicalJson.js';

/** The largest blob a store takes unless told otherwise: 16 MiB. */
export const DEFAULT_MAX_BLOB_BYTES = 16 * 1024 * 1024;

/** What every BlobStore adapter is configured with. */
export interface BlobStoreOptions {
  /** Largest blob accepted, in bytes (default DEFAULT_MAX_BLOB_BYTES); a larger one is BLOB_TOO_LARGE. */
  readonly maxBytes?: number;
}

/** The form of a blob digest: `sha256:` and 64 lower-case hex digits. */
export const BLOB_DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * Names `bytes` as a blob after checking their size: every adapter's `put` starts here.
 * @throws LedgerError BLOB_TOO_LARGE with `limit` and `actual` sizes.
 */
export function blobReference(bytes: Uint8Array, options: BlobStoreOptions): BlobReference {
  const limit = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  if (bytes.byteLength > limit) {
    throw new LedgerError('BLOB_TOO_LARGE', `a blob of ${bytes.byteLength} bytes exceeds ${limit}`, {
      limit,
      actual: bytes.byteLength,
    });
  }
  return { digest: `sha256:${sha256Hex(bytes)}`, size: bytes.byteLength };
}

/** A JSON value as a blob stores it: its RFC 8785 canonical JSON in UTF-8 (so digest = the Digester's). */
export function canonicalJsonBytes(value: JsonValue): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
