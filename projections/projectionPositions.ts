import type { Database, Statement } from 'better-sqlite3';
import type { ProjectionDefinition } from './projection.js';

/**
 * `projection_positions`: per projection, the version its tables were built by and the last global position it
 * applied, with that event's hash (so a runner can tell that the ledger still holds the event it stopped at).
 * Written in the same transaction as the rows it covers: after a crash, the rows and the position agree.
 */
export const POSITIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_positions (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  position INTEGER,
  event_hash TEXT
) WITHOUT ROWID;
`;

export interface StoredPosition {
  readonly name: string;
  readonly version: number;
  /** Last applied global position; null before the first event. */
  readonly position: number | null;
  readonly eventHash: string | null;
}

type PositionRow = [name: string, version: number, position: number | null, eventHash: string | null];

/** Prepared reads and writes of `projection_positions`. */
export class ProjectionPositions {
  readonly #get: Statement<[string], PositionRow>;
  readonly #all: Statement<[], PositionRow>;
  readonly #save: Statement<[number, string, string]>;
  readonly #reset: Statement<[string, number]>;

  constructor(db: Database) {
    const columns = 'name, version, position, event_hash';
    this.#get = db
      .prepare<[string], PositionRow>(`SELECT ${columns} FROM projection_positions WHERE name = ?`)
      .raw();
    this.#all = db.prepare<[], PositionRow>(`SELECT ${columns} FROM projection_positions`).raw();
    this.#save = db.prepare('UPDATE projection_positions SET position = ?, event_hash = ? WHERE name = ?');
    this.#reset = db.prepare(
      'INSERT OR REPLACE INTO projection_positions (name, version, position, event_hash) VALUES (?, ?, NULL, NULL)',
    );
  }

  get(name: string): StoredPosition | undefined {
    const row = this.#get.get(name);
    return row === undefined ? undefined : toStored(row);
  }

  all(): StoredPosition[] {
    return this.#all.all().map(toStored);
  }

  save(name: string, position: number, eventHash: string): void {
    this.#save.run(position, eventHash, name);
  }

  /** The projection starts over: nothing applied, built by `version`. */
  reset(name: string, version: number): void {
    this.#reset.run(name, version);
  }
}

function toStored(row: PositionRow): StoredPosition {
  return { name: row[0], version: row[1], position: row[2], eventHash: row[3] };
}

/**
 * Creates each projection's tables and indexes; a projection built by another version (or never) has its tables
 * dropped and recreated and its position reset, so the runner rebuilds it (alone) from position 0. Indexes a
 * rebuild deferred and never got to create (a crash mid-rebuild) are created here. One transaction.
 */
export function ensureProjectionTables(db: Database, projections: readonly ProjectionDefinition[]): void {
  const positions = new ProjectionPositions(db);
  db.transaction(() => {
    for (const projection of projections) {
      const stored = positions.get(projection.name);
      if (stored?.version === projection.version) db.exec(projection.schema.create);
      else recreate(db, positions, projection);
      db.exec(projection.schema.indexes);
    }
  }).immediate();
}

/**
 * Drops and recreates every table of `projections` and resets their positions to nothing applied. With
 * `deferIndexes`, secondary indexes are left out until `createProjectionIndexes` (bulk load).
 */
export function resetProjectionTables(
  db: Database,
  projections: readonly ProjectionDefinition[],
  deferIndexes: boolean,
): void {
  const positions = new ProjectionPositions(db);
  db.transaction(() => {
    for (const projection of projections) {
      recreate(db, positions, projection);
      if (!deferIndexes) db.exec(projection.schema.indexes);
    }
  }).immediate();
}

/** Creates whatever secondary index of `projections` is missing. */
export function createProjectionIndexes(db: Database, projections: readonly ProjectionDefinition[]): void {
  db.transaction(() => {
    for (const projection of projections) db.exec(projection.schema.indexes);
  }).immediate();
}

function recreate(db: Database, positions: ProjectionPositions, projection: ProjectionDefinition): void {
  for (const table of projection.schema.tables) db.exec(`DROP TABLE IF EXISTS "${table}"`);
  db.exec(projection.schema.create);
  positions.reset(projection.name, projection.version);
}
