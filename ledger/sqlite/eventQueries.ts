import type { Database, Statement } from 'better-sqlite3';
import type { EncodedEvent, EventFilter } from '../../domain/index.js';
import type { StreamHead } from '../append/sealAppend.js';
import { EVENT_COLUMNS, rowToEncoded } from '../append/eventRows.js';
import type { EventRow } from '../append/eventRows.js';

/** Prepared reads of the `events` table. Statements are compiled once per connection (and per filter shape). */
export class EventQueries {
  readonly #db: Database;
  readonly #byId: Statement<[string], EventRow>;
  readonly #head: Statement<[string], [number, string]>;
  readonly #maxPosition: Statement<[], number | null>;
  readonly #filtered = new Map<string, Statement<unknown[], EventRow>>();

  constructor(db: Database) {
    this.#db = db;
    this.#byId = db.prepare<[string], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).raw();
    this.#head = db
      .prepare<[string], [number, string]>(
        'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      )
      .raw();
    this.#maxPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
  }

  byId(id: string): EncodedEvent | undefined {
    const row = this.#byId.get(id);
    return row === undefined ? undefined : rowToEncoded(row);
  }

  head(stream: string): StreamHead | null {
    const row = this.#head.get(stream);
    return row === undefined ? null : { revision: row[0], hash: row[1] };
  }

  maxPosition(): number | null {
    return this.#maxPosition.get() ?? null;
  }

  stream(
    stream: string,
    forwards: boolean,
    fromRevision: number | undefined,
    maxCount: number,
  ): EncodedEvent[] {
    const op = forwards ? '>=' : '<=';
    const from = fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision ${op} ? ORDER BY revision ${forwards ? 'ASC' : 'DESC'} LIMIT ?`;
    return this.#statement(sql).all(stream, from, maxCount).map(rowToEncoded);
  }

  /** Events from `fromPosition` in the given direction that pass `filter`, at most `maxCount`. */
  range(
    forwards: boolean,
    fromPosition: number | undefined,
    maxCount: number,
    filter?: EventFilter,
  ): EncodedEvent[] {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.types ?? [];
    const clauses = [forwards ? 'position >= ?' : 'position <= ?'];
    if (filter?.streamPrefixes !== undefined) {
      clauses.push(
        prefixes.length === 0 ? '0' : `(${prefixes.map(() => 'substr(stream, 1, ?) = ?').join(' OR ')})`,
      );
    }
    if (filter?.types !== undefined)
      clauses.push(types.length === 0 ? '0' : `type IN (${types.map(() => '?').join(', ')})`);
    const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${clauses.join(' AND ')} ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ?`;
    const from = fromPosition ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    const params = [from, ...prefixes.flatMap((prefix) => [prefix.length, prefix]), ...types, maxCount];
    return this.#statement(sql)
      .all(...params)
      .map(rowToEncoded);
  }

  /** Positions [from, from + count) in order, exactly as stored. */
  encoded(from: number, count: number): EncodedEvent[] {
    return this.#statement(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? AND position < ? ORDER BY position`,
    )
      .all(from, from + count)
      .map(rowToEncoded);
  }

  #statement(sql: string): Statement<unknown[], EventRow> {
    let statement = this.#filtered.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare<unknown[], EventRow>(sql).raw();
      this.#filtered.set(sql, statement);
    }
    return statement;
  }
}
