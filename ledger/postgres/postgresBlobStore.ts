import type { BlobReference, BlobStore, JsonValue } from '../../domain/index.js';
import { BLOB_DIGEST, blobReference, canonicalJsonBytes, type BlobStoreOptions } from '../blobs/blobBytes.js';
import type { PostgresDatabase } from './postgresDatabase.js';

/**
 * Blobs in the ledger's PostgreSQL schema (table `blobs`, see postgresSchema.ts), shared by every node of the
 * ledger: inserted once (`ON CONFLICT DO NOTHING`), never changed (triggers refuse UPDATE, DELETE, TRUNCATE).
 */
export class PostgresBlobStore implements BlobStore {
  readonly #db: PostgresDatabase;
  readonly #options: BlobStoreOptions;

  constructor(db: PostgresDatabase, options: BlobStoreOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  async put(bytes: Uint8Array): Promise<BlobReference> {
    const reference = blobReference(bytes, this.#options);
    await this.#db.rows(
      `INSERT INTO ${this.#db.s}.blobs (digest, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (digest) DO NOTHING`,
      [reference.digest, reference.size, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
    );
    return reference;
  }

  putJson(value: JsonValue): Promise<BlobReference> {
    return this.put(canonicalJsonBytes(value));
  }

  async get(digest: string): Promise<Uint8Array | null> {
    if (!BLOB_DIGEST.test(digest)) return null;
    const rows = await this.#db.rows<[Buffer]>(`SELECT bytes FROM ${this.#db.s}.blobs WHERE digest = $1`, [
      digest,
    ]);
    const [row] = rows;
    return row === undefined ? null : new Uint8Array(row[0]);
  }
}
