import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LedgerError } from '../../domain/index.js';
import type { BlobReference, BlobStore, JsonValue } from '../../domain/index.js';
import { sha256Hex, writeContentAddressedFile } from '../contentAddressedFile.js';
import { BLOB_DIGEST, blobReference, canonicalJsonBytes, type BlobStoreOptions } from './blobBytes.js';

/**
 * Blobs as files in a data directory: `<root>/sha256/<first 2 hex>/<other 62 hex>`, each written once
 * (writeContentAddressedFile: durable, 0400, folders 0700). A blob read back is re-hashed: a file changed on disk
 * is STORAGE_CORRUPT, never returned as the blob.
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  readonly #options: BlobStoreOptions;

  constructor(root: string, options: BlobStoreOptions = {}) {
    this.root = root;
    this.#options = options;
  }

  /** Where the blob `digest` (well-formed) lives. */
  pathOf(digest: string): string {
    const hex = digest.slice('sha256:'.length);
    return join(this.root, 'sha256', hex.slice(0, 2), hex.slice(2));
  }

  put(bytes: Uint8Array): Promise<BlobReference> {
    // The executor runs now (the caller's bytes are taken before it goes on); a throw becomes the rejection.
    return new Promise((resolve) => {
      const reference = blobReference(bytes, this.#options);
      writeContentAddressedFile(this.pathOf(reference.digest), bytes);
      resolve(reference);
    });
  }

  putJson(value: JsonValue): Promise<BlobReference> {
    return this.put(canonicalJsonBytes(value));
  }

  async get(digest: string): Promise<Uint8Array | null> {
    if (!BLOB_DIGEST.test(digest)) return null;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const actual = `sha256:${sha256Hex(bytes)}`;
    if (actual !== digest) {
      throw new LedgerError('STORAGE_CORRUPT', `blob ${digest} on disk hashes to ${actual}`, {
        expected: digest,
        actual,
        path: this.pathOf(digest),
      });
    }
    return new Uint8Array(bytes);
  }
}
