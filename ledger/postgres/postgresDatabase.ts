import pg from 'pg';
import { toPostgresStorageError } from './postgresStorageErrors.js';

/** int8 columns (positions, revisions) as numbers: MIR's positions are safe integers by construction. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string): unknown =>
    oid === INT8_OID
      ? Number
      : (pg.types.getTypeParser(oid, format as 'text') as unknown)) as typeof pg.types.getTypeParser,
};

const guarded = new WeakSet<pg.PoolClient>();

export interface PostgresDatabaseOptions {
  /** Connections in this process's pool (one pool per process). Default 10. */
  readonly poolSize?: number;
  /** Every transaction read-only (`mir verify`): PostgreSQL itself refuses writes. */
  readonly readOnly?: boolean;
}

/**
 * One process's handle on a PostgreSQL ledger: the pool and the schema's quoted name (`s`), with reads that map
 * failures to the port's storage errors. The pool's `error` event is handled: a server restart kills idle
 * connections, which must cost a reconnect, not the process.
 */
export class PostgresDatabase {
  readonly pool: pg.Pool;
  /** The schema name, as given (a checked identifier). */
  readonly schema: string;
  /** The schema name quoted for SQL text. */
  readonly s: string;

  constructor(url: string, schema: string, options: PostgresDatabaseOptions = {}) {
    this.schema = schema;
    this.s = pg.escapeIdentifier(schema);
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types,
      ...(options.readOnly === true ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    this.pool.on('error', () => {
      // An idle connection died (server restart, network): the pool drops it and opens another when needed.
    });
  }

  /** Rows as arrays (column order of the statement), storage failures as LedgerErrors. */
  async rows<Row extends unknown[]>(text: string, values: unknown[] = []): Promise<Row[]> {
    try {
      const result = await this.pool.query<Row>({ text, values, rowMode: 'array', types });
      return result.rows;
    } catch (error) {
      throw toPostgresStorageError(error);
    }
  }

  /**
   * A pooled connection for a transaction. A connection that dies while checked out (between two statements)
   * emits `error` with no query to fail: that is handled here (the next statement fails instead), or it would
   * crash the process.
   */
  async connect(): Promise<pg.PoolClient> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toPostgresStorageError(error);
    }
    if (!guarded.has(client)) {
      guarded.add(client);
      client.on('error', () => undefined);
    }
    return client;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** pg clients and pools accept the same type-parser object: exported for dedicated clients (LISTEN). */
export const postgresTypes = types;
