import type { BlobReference, BlobStore, JsonValue } from '../../domain/index.js';
import { blobReference, canonicalJsonBytes, type BlobStoreOptions } from './blobBytes.js';

/** The reference `BlobStore`, in memory (tests, and the semantics every adapter's contract checks). */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Uint8Array>();
  readonly #options: BlobStoreOptions;

  constructor(options: BlobStoreOptions = {}) {
    this.#options = options;
  }

  put(bytes: Uint8Array): Promise<BlobReference> {
    // The executor runs now (the caller's bytes are taken before it goes on); a throw becomes the rejection.
    return new Promise((resolve) => {
      const reference = blobReference(bytes, this.#options);
      if (!this.#blobs.has(reference.digest)) this.#blobs.set(reference.digest, Uint8Array.from(bytes));
      resolve(reference);
    });
  }

  putJson(value: JsonValue): Promise<BlobReference> {
    return this.put(canonicalJsonBytes(value));
  }

  get(digest: string): Promise<Uint8Array | null> {
    const bytes = this.#blobs.get(digest);
    return Promise.resolve(bytes === undefined ? null : Uint8Array.from(bytes));
  }
}
