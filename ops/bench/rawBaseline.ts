import type { Database } from 'better-sqlite3';
import type { NewEvent } from '../../domain/index.js';

const DUMMY_HASH = 'f'.repeat(64);

/**
 * The columns a raw baseline stores for one event after its position: the event's fields, plain JSON, and a fixed
 * dummy `prev_hash`/`hash` (no canonical encoding, no hashing). Shared by the SQLite and PostgreSQL baselines.
 */
export function rawEventColumns(event: NewEvent, stream: string, revision: number): unknown[] {
  return [
    stream,
    revision,
    event.id,
    event.type,
    event.schemaVersion,
    JSON.stringify(event.data),
    JSON.stringify(event.meta),
    DUMMY_HASH,
    DUMMY_HASH,
  ];
}

/**
 * The baseline the ledger is measured against: plain better-sqlite3 inserts of the same rows into the same table
 * (same indexes, WAL, synchronous=FULL), batched exactly like the ledger's group commit (everything queued within
 * one macrotask shares one transaction), but with no validation, canonical encoding, hashing or revision checks.
 */
export class RawGroupInserter {
  readonly #db: Database;
  readonly #insert;
  #queue: { rows: NewEvent[]; stream: string; resolve: () => void }[] = [];
  #scheduled = false;
  #position = 0;
  readonly #revisions = new Map<string, number>();

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  append(stream: string, rows: NewEvent[]): Promise<void> {
    return new Promise((resolve) => {
      this.#queue.push({ rows, stream, resolve });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    this.#db.exec('BEGIN IMMEDIATE');
    for (const { rows, stream } of batch) {
      for (const event of rows) {
        const revision = (this.#revisions.get(stream) ?? -1) + 1;
        this.#revisions.set(stream, revision);
        this.#insert.run(this.#position++, ...rawEventColumns(event, stream, revision));
      }
    }
    this.#db.exec('COMMIT');
    for (const pending of batch) pending.resolve();
  }
}
