import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../domain/index.js';

/** The tables one projection owns in the read-model file. */
export interface TableSchema {
  /** Names of the tables, dropped when the projection is rebuilt or its version changes. */
  readonly tables: readonly string[];
  /** DDL creating the tables with the keys the projection's own writes look rows up by (IF NOT EXISTS). */
  readonly create: string;
  /**
   * DDL creating the secondary indexes only queries use (IF NOT EXISTS). A rebuild creates them after loading
   * every row, which sorts once instead of inserting into every index at random for each row.
   */
  readonly indexes: string;
}

/**
 * Writes one projection's effects through statements prepared once on one connection. A writer may hold effects
 * back to merge them (several changes to one row become one statement) as long as `flush` writes them.
 */
export interface EffectWriter<Effect> {
  /** Called inside the batch's transaction; a throw rolls the whole batch back. */
  write(effect: Effect): void;
  /**
   * Called once at the end of each batch, inside its transaction, before the positions are saved. After a failed
   * batch the writer is discarded (a new one is made), so nothing it held back can leak into the retry.
   */
  flush?(): void;
}

/**
 * A read model: a pure `evolve` from one event to the changes it makes (data, no I/O), and a writer that turns
 * those changes into SQL. Splitting the two lets tests check `evolve` without SQLite and lets time travel reuse
 * `evolve` without tables.
 */
export interface ProjectionSpec<Effect> {
  /** Key of the projection's row in `projection_positions`. */
  readonly name: string;
  /** Bump whenever `evolve` or the tables change: the projection is then dropped and rebuilt from position 0. */
  readonly version: number;
  readonly schema: TableSchema;
  /** Pure and total: the changes `event` makes; `[]` for events this projection ignores. Never throws on those. */
  evolve(event: RecordedEvent): readonly Effect[];
  writer(db: Database): EffectWriter<Effect>;
}

/** A projection bound to a connection, used inside the caller's transaction. */
export interface BoundProjection {
  apply(event: RecordedEvent): void;
  /** End of batch: write whatever the writer held back. */
  flush(): void;
}

/** What the runner needs of a projection, whatever its effect type. */
export interface ProjectionDefinition {
  readonly name: string;
  readonly version: number;
  readonly schema: TableSchema;
  bind(db: Database): BoundProjection;
}

export interface Projection<Effect> extends ProjectionSpec<Effect>, ProjectionDefinition {}

/** Completes a spec with `bind`: prepare the writer once, then write every effect `evolve` returns. */
export function defineProjection<Effect>(spec: ProjectionSpec<Effect>): Projection<Effect> {
  return {
    ...spec,
    bind(db) {
      const writer = spec.writer(db);
      return {
        apply: (event) => {
          for (const effect of spec.evolve(event)) writer.write(effect);
        },
        flush: () => writer.flush?.(),
      };
    },
  };
}

/** The shared "no change" answer of `evolve`, so ignoring an event allocates nothing. */
export const NO_EFFECTS: readonly never[] = Object.freeze([]);

/** For the `default` of a writer's exhaustive switch: reaching it means an effect kind has no statement. */
export function unknownEffect(effect: never): Error {
  return new Error(`no statement for effect ${JSON.stringify(effect)}`);
}
