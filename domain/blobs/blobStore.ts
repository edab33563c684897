import type { JsonValue } from '../events/json.js';

/** A stored blob as events refer to it: its digest names the exact bytes. */
export interface BlobReference {
  /** `sha256:<lowercase hex>` of the stored bytes. */
  readonly digest: string;
  /** Size in bytes. */
  readonly size: number;
}

/**
 * Content-addressed storage for payloads too large or too private to sit in an event (prompts, responses): the
 * event records the digest, the store keeps the bytes under it, written once and never changed. Part of the data
 * directory (or of the shared ledger store on PostgreSQL) and of evidence bundles. The adapter hashes, the domain
 * does not.
 *
 * A JSON value is stored as its RFC 8785 canonical JSON in UTF-8, so its blob digest equals the `Digester` digest
 * of the same value: an auditor recomputes either from the other.
 */
export interface BlobStore {
  /** Stores `bytes` (nothing to do when already stored) and names them. */
  put(bytes: Uint8Array): Promise<BlobReference>;
  /** Stores the canonical JSON of `value`. */
  putJson(value: JsonValue): Promise<BlobReference>;
  /** The stored bytes, or null when no blob has that digest (a malformed digest is null too). */
  get(digest: string): Promise<Uint8Array | null>;
}
