import type { Database } from 'better-sqlite3';
import type { EventLog } from '../domain/index.js';
import { openReadModelDatabase } from './readModelDatabase.js';
import type { ReadModelDatabaseOptions } from './readModelDatabase.js';
import { createProjectionRunner } from './projectionRunner.js';
import type { ProjectionRunner, ProjectionRunnerOptions } from './projectionRunner.js';
import type { ReadModelQueries } from './readModelQueries.js';
import { createSqliteReadModelQueries } from './sqliteReadModelQueries.js';

export interface ReadModelsOptions
  extends ReadModelDatabaseOptions, Omit<ProjectionRunnerOptions, 'db' | 'log' | 'projections'> {}

/** The read-model file with its runner and its queries, sharing one connection. */
export interface ReadModels {
  readonly database: Database;
  readonly runner: ProjectionRunner;
  readonly queries: ReadModelQueries;
  /** Closes the runner, then the file. The log stays open (its owner closes it). */
  close(): Promise<void>;
}

/**
 * Opens `file` (created if needed) and binds a runner following `log` and the queries to it. Nothing runs yet:
 * call `runner.start()` (or `runner.catchUp()` / `runner.rebuild()` for one-off tools).
 */
export function openReadModels(file: string, log: EventLog, options: ReadModelsOptions = {}): ReadModels {
  const database = openReadModelDatabase(file, options);
  try {
    const runner = createProjectionRunner({ ...options, db: database, log });
    const queries = createSqliteReadModelQueries(database);
    return {
      database,
      runner,
      queries,
      close: async () => {
        await runner.close();
        // SQLite's advice for long-lived connections: refresh the planner's statistics where they went stale.
        database.pragma('optimize');
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}
