import { createHash } from 'node:crypto';
import type { BlobReference, BlobStore, JsonValue } from '../../domain/index.js';
import { canonicalJson } from '../portable/canonicalJson.js';

/** The reference `BlobStore`, in memory (tests, and the semantics every adapter's contract checks). */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, Uint8Array>();

  put(bytes: Uint8Array): Promise<BlobReference> {
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, Uint8Array.from(bytes));
    return Promise.resolve({ digest, size: bytes.byteLength });
  }

  putJson(value: JsonValue): Promise<BlobReference> {
    return this.put(new TextEncoder().encode(canonicalJson(value)));
  }

  get(digest: string): Promise<Uint8Array | null> {
    const bytes = this.#blobs.get(digest);
    return Promise.resolve(bytes === undefined ? null : Uint8Array.from(bytes));
  }
}
