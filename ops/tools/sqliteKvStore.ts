import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { JsonValue } from '../../domain/index.js';
import { ToolError } from '../../domain/index.js';

/** A stored value, wrapped so that "holds JSON null" and "holds nothing" (null) stay distinct. */
export type KvEntry = { readonly value: JsonValue } | null;

export const KV_LIMITS = { keyChars: 256, valueBytes: 64 * 1024 } as const;

/**
 * The key-value store behind the built-in `kv.*` tools: one SQLite table, keys scoped by tenant (a tenant never
 * sees another's keys). Values are stored as JSON text. Every write returns the entry it replaced, which is what
 * the tools' compensation restores.
 */
export class SqliteKvStore {
  readonly #db: SqliteDatabase;
  readonly #get: Statement<[string, string], { value: string }>;
  readonly #upsert: Statement<[string, string, string]>;
  readonly #delete: Statement<[string, string]>;

  /** Opens (creating if needed) the store in `file`: WAL, synchronous=FULL, like the ledger. */
  constructor(file: string, options: { readonly busyTimeoutMs?: number } = {}) {
    this.#db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS kv_entries (
      tenant TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (tenant, key)
    ) WITHOUT ROWID`);
    this.#get = this.#db.prepare('SELECT value FROM kv_entries WHERE tenant = ? AND key = ?');
    this.#upsert = this.#db.prepare(
      'INSERT INTO kv_entries (tenant, key, value) VALUES (?, ?, ?) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = this.#db.prepare('DELETE FROM kv_entries WHERE tenant = ? AND key = ?');
  }

  get(tenant: string, key: string): KvEntry {
    const row = this.#get.get(tenant, checkKey(key));
    return row === undefined ? null : { value: JSON.parse(row.value) as JsonValue };
  }

  /** Stores `value` under `key`; returns the entry it replaced. */
  put(tenant: string, key: string, value: JsonValue): KvEntry {
    return this.restore(tenant, key, { value });
  }

  /** Removes `key`; returns the entry it removed (null when there was none). */
  delete(tenant: string, key: string): KvEntry {
    return this.restore(tenant, key, null);
  }

  /** Makes `key` hold `entry` (null: nothing) in one transaction; returns the entry it replaced. */
  restore(tenant: string, key: string, entry: KvEntry): KvEntry {
    checkKey(key);
    const text = entry === null ? null : encodeValue(entry.value);
    return this.#db
      .transaction((): KvEntry => {
        const previous = this.get(tenant, key);
        if (text === null) this.#delete.run(tenant, key);
        else this.#upsert.run(tenant, key, text);
        return previous;
      })
      .immediate();
  }

  close(): void {
    this.#db.close();
  }
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > KV_LIMITS.keyChars)
    throw new ToolError('TOOL_FAILED', `a key must be 1–${KV_LIMITS.keyChars} characters`, {
      reason: 'invalid key',
    });
  return key;
}

function encodeValue(value: JsonValue): string {
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > KV_LIMITS.valueBytes)
    throw new ToolError(
      'TOOL_FAILED',
      `a value must encode to at most ${KV_LIMITS.valueBytes} bytes of JSON`,
      {
        reason: 'value too large',
        limit: KV_LIMITS.valueBytes,
      },
    );
  return text;
}
