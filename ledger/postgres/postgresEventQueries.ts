import type { EncodedEvent, EventFilter } from '../../domain/index.js';
import { EVENT_COLUMNS, rowToEncoded } from '../append/eventRows.js';
import type { EventRow } from '../append/eventRows.js';
import type { PostgresDatabase } from './postgresDatabase.js';

/** Reads of the `events` table; each is one statement, so it sees one consistent snapshot. */
export class PostgresEventQueries {
  readonly #db: PostgresDatabase;

  constructor(db: PostgresDatabase) {
    this.#db = db;
  }

  /** The position the next append takes (= number of events committed). */
  async nextPosition(): Promise<number> {
    const [row] = await this.#db.rows<[number]>(`SELECT next_position FROM ${this.#db.s}.ledger_head`);
    return row?.[0] ?? 0;
  }

  async positionOf(id: string): Promise<number | null> {
    const [row] = await this.#db.rows<[number]>(`SELECT position FROM ${this.#db.s}.events WHERE id = $1`, [
      id,
    ]);
    return row?.[0] ?? null;
  }

  async stream(
    stream: string,
    forwards: boolean,
    fromRevision: number | undefined,
    maxCount: number,
  ): Promise<EncodedEvent[]> {
    const op = forwards ? '>=' : '<=';
    const from = fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    return this.#events(
      `SELECT ${EVENT_COLUMNS} FROM ${this.#db.s}.events WHERE stream = $1 AND revision ${op} $2 ORDER BY revision ${forwards ? 'ASC' : 'DESC'} LIMIT $3`,
      [stream, from, maxCount],
    );
  }

  /**
   * Events from `fromPosition` in the given direction that pass `filter`, at most `maxCount`, and (forwards)
   * below `before` when given: a page bounded by a head read first never skips a later commit.
   */
  async range(
    forwards: boolean,
    fromPosition: number | undefined,
    maxCount: number,
    filter?: EventFilter,
    before?: number,
  ): Promise<EncodedEvent[]> {
    const values: unknown[] = [fromPosition ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER)];
    const clauses = [forwards ? 'position >= $1' : 'position <= $1'];
    if (before !== undefined) clauses.push(`position < $${values.push(before)}`);
    if (filter?.streamPrefixes !== undefined) {
      const prefixes = filter.streamPrefixes.map((prefix) => `starts_with(stream, $${values.push(prefix)})`);
      clauses.push(prefixes.length === 0 ? 'false' : `(${prefixes.join(' OR ')})`);
    }
    if (filter?.types !== undefined) clauses.push(`type = ANY($${values.push(filter.types)}::text[])`);
    const limit = `$${values.push(maxCount)}`;
    return this.#events(
      `SELECT ${EVENT_COLUMNS} FROM ${this.#db.s}.events WHERE ${clauses.join(' AND ')} ORDER BY position ${forwards ? 'ASC' : 'DESC'} LIMIT ${limit}`,
      values,
    );
  }

  /** Positions [from, from + count) in order, exactly as stored. */
  encoded(from: number, count: number): Promise<EncodedEvent[]> {
    return this.#events(
      `SELECT ${EVENT_COLUMNS} FROM ${this.#db.s}.events WHERE position >= $1 AND position < $2 ORDER BY position`,
      [from, from + count],
    );
  }

  async #events(text: string, values: unknown[]): Promise<EncodedEvent[]> {
    return (await this.#db.rows<EventRow>(text, values)).map(rowToEncoded);
  }
}
