import type { Database, Transaction } from 'better-sqlite3';
import type { EncodedEvent } from '../domain/index.js';
import { LazyRecordedEvent } from './lazyRecordedEvent.js';
import type { BoundProjection, ProjectionDefinition } from './projection.js';
import { ProjectionError } from './projectionErrors.js';
import {
  ProjectionPositions,
  createProjectionIndexes,
  ensureProjectionTables,
  resetProjectionTables,
} from './projectionPositions.js';
import type { StoredPosition } from './projectionPositions.js';

interface Follower {
  readonly name: string;
  readonly bound: BoundProjection;
  /** Last applied position, -1 before the first event. */
  position: number;
}

/**
 * Applies batches of stored events to a set of projections, each batch in ONE SQLite transaction together with
 * the projections' new positions: a batch is visible entirely or not at all, so a crash or a failing projection
 * leaves rows and positions in agreement and the next batch starts exactly after the last committed one.
 * An event at or below a projection's position is not applied to it again (exactly-once effect).
 * Synchronous; one applier per read-model file.
 */
export class ProjectionApplier {
  readonly #db: Database;
  readonly #projections: readonly ProjectionDefinition[];
  readonly #positions: ProjectionPositions;
  #followers: Follower[] = [];
  #transaction: Transaction<(events: readonly EncodedEvent[]) => void>;

  constructor(db: Database, projections: readonly ProjectionDefinition[]) {
    if (projections.length === 0 || new Set(projections.map((p) => p.name)).size !== projections.length) {
      throw new TypeError('an applier needs one projection at least, with unique names');
    }
    this.#db = db;
    this.#projections = projections;
    ensureProjectionTables(db, projections);
    this.#positions = new ProjectionPositions(db);
    this.#transaction = this.#bind();
  }

  /** Each projection's stored version, position and event hash. */
  stored(): StoredPosition[] {
    const names = new Set(this.#projections.map((p) => p.name));
    return this.#positions.all().filter((stored) => names.has(stored.name));
  }

  /** The position every projection has applied (the lowest of theirs); null while one has applied nothing. */
  appliedPosition(): number | null {
    const lowest = Math.min(...this.#followers.map((follower) => follower.position));
    return lowest < 0 ? null : lowest;
  }

  /** First position some projection still needs. */
  nextPosition(): number {
    return (this.appliedPosition() ?? -1) + 1;
  }

  /**
   * Applies `events` (in position order) in one transaction. Throws PROJECTION_FAILED naming the projection and
   * the event when one cannot be applied, any SQLite error otherwise; either way nothing of the batch is written.
   */
  apply(events: readonly EncodedEvent[]): void {
    const last = events[events.length - 1];
    if (last === undefined) return;
    try {
      this.#transaction.immediate(events);
    } catch (error) {
      // Rolled back: start over with fresh writers (nothing held back survives) and the stored positions.
      this.#transaction = this.#bind();
      throw error;
    }
    for (const follower of this.#followers) follower.position = Math.max(follower.position, last.position);
  }

  /**
   * Drops and recreates every projection's tables (this file only) and forgets every position. With
   * `deferIndexes`, queries' indexes are left out until `createIndexes()`: loading rows first and sorting them
   * into each index once is several times faster than keeping every index up to date row by row.
   */
  reset(deferIndexes = false): void {
    resetProjectionTables(this.#db, this.#projections, deferIndexes);
    this.#transaction = this.#bind();
  }

  /** Creates the indexes a `reset(true)` left out (a no-op for those that exist). */
  createIndexes(): void {
    createProjectionIndexes(this.#db, this.#projections);
  }

  #bind(): Transaction<(events: readonly EncodedEvent[]) => void> {
    const byName = new Map(this.#positions.all().map((stored) => [stored.name, stored.position ?? -1]));
    const followers = this.#projections.map((projection) => ({
      name: projection.name,
      bound: projection.bind(this.#db),
      position: byName.get(projection.name) ?? -1,
    }));
    this.#followers = followers;
    const positions = this.#positions;
    return this.#db.transaction((events: readonly EncodedEvent[]) => {
      for (const encoded of events) applyOne(followers, encoded);
      const first = events[0]!;
      const last = events[events.length - 1]!;
      for (const follower of followers) {
        if (last.position <= follower.position) continue;
        guarded(follower.name, first, last, () => follower.bound.flush());
        positions.save(follower.name, last.position, last.hash);
      }
    });
  }
}

function applyOne(followers: readonly Follower[], encoded: EncodedEvent): void {
  const event = new LazyRecordedEvent(encoded);
  for (const follower of followers) {
    if (encoded.position <= follower.position) continue;
    try {
      follower.bound.apply(event);
    } catch (error) {
      throw projectionFailed(follower.name, encoded, encoded, error);
    }
  }
}

/** Runs one projection's work, turning a throw into PROJECTION_FAILED naming the batch it was at. */
function guarded(projection: string, first: EncodedEvent, last: EncodedEvent, work: () => void): void {
  try {
    work();
  } catch (error) {
    throw projectionFailed(projection, first, last, error);
  }
}

function projectionFailed(
  projection: string,
  first: EncodedEvent,
  last: EncodedEvent,
  cause: unknown,
): ProjectionError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const where =
    first === last
      ? `position ${first.position} (${first.stream} ${first.type})`
      : `the end of the batch ${first.position}..${last.position}`;
  const event: Record<string, string> =
    first === last ? { stream: first.stream, type: first.type, eventId: first.id } : {};
  return new ProjectionError(
    'PROJECTION_FAILED',
    `projection ${projection} failed at ${where}: ${reason}`,
    { projection, position: first.position, lastPosition: last.position, ...event, reason },
    cause,
  );
}
