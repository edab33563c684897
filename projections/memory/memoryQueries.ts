import type { Database } from 'better-sqlite3';
import type { Clock, MemoryScope, MemoryStatus, MemoryType } from '../../domain/index.js';
import { encodeCursor, resolvePage } from '../pageCursor.js';
import { ProjectionError } from '../projectionErrors.js';
import type { Page, PageRequest } from '../readModelQueries.js';
import { preparedRows } from '../sqlRows.js';
import type { SqlRows } from '../sqlRows.js';
import { ftsMatchExpression } from './ftsMatch.js';
import { MEMORY_COLUMNS, toMemoryRecord } from './memoriesTable.js';
import type { MemoryRecord, MemoryRow } from './memoriesTable.js';

export interface MemoryFilter {
  readonly tenant: string;
  readonly scope?: MemoryScope;
  readonly scopeId?: string;
  readonly type?: MemoryType;
  readonly status?: MemoryStatus;
  /** Full-text search over the content; any text is accepted (see `ftsMatchExpression`). */
  readonly text?: string;
  /** Only memory a run may use now: approved, not retracted, not expired at the query's clock. */
  readonly forUse?: boolean;
}

export interface SimilarMemoriesQuery {
  readonly filter: MemoryFilter;
  /** The query text's embedding, by the model whose sha256 is `modelSha256` (vectors of other models are skipped). */
  readonly vector: readonly number[] | Float32Array;
  readonly modelSha256: string;
  readonly k: number;
}

export interface SimilarMemory {
  readonly memory: MemoryRecord;
  /** Cosine similarity (embeddings are L2-normalised: the dot product). */
  readonly score: number;
}

export interface MemoryQueries {
  /** Memory of the filter's tenant, newest first (by the proposal's position); keyset pages. */
  memories(filter: MemoryFilter, page: PageRequest): Promise<Page<MemoryRecord>>;
  /** The `k` (1 … 100) memories of the filter most similar to the vector, best first. */
  similarMemories(query: SimilarMemoriesQuery): Promise<SimilarMemory[]>;
}

const MEMORY_CURSOR = 'memory';
const MAX_K = 100;

/** The wall clock, for read models served live; tests pass a manual clock. */
export const WALL_CLOCK: Clock = { now: () => Date.now() };

/** Memory queries over the read-model file; `clock` decides what has expired for `forUse`. */
export function createMemoryQueries(db: Database, clock: Clock = WALL_CLOCK): MemoryQueries {
  const rows = preparedRows(db);
  return {
    memories: (filter, page) => settle(() => listMemories(rows, clock, filter, page)),
    similarMemories: (query) => settle(() => similarMemories(rows, clock, query)),
  };
}

/** WHERE clauses and parameters for a filter; null when the text leaves nothing to match. */
function where(filter: MemoryFilter, now: number): { clauses: string[]; params: unknown[] } | null {
  const clauses = ['tenant = ?'];
  const params: unknown[] = [filter.tenant];
  const add = (clause: string, ...values: unknown[]) => (clauses.push(clause), params.push(...values));
  if (filter.scope !== undefined) add('scope = ?', filter.scope);
  if (filter.scopeId !== undefined) add('scope_id = ?', filter.scopeId);
  if (filter.type !== undefined) add('type = ?', filter.type);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.forUse === true)
    add("status = 'approved' AND (expires_at_ms IS NULL OR expires_at_ms > ?)", now);
  if (filter.text !== undefined) {
    const match = ftsMatchExpression(filter.text);
    if (match === null) return null;
    add('proposed_position IN (SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?)', match);
  }
  return { clauses, params };
}

function listMemories(
  rows: SqlRows,
  clock: Clock,
  filter: MemoryFilter,
  page: PageRequest,
): Page<MemoryRecord> {
  const { first, after } = resolvePage(MEMORY_CURSOR, page);
  const found = where(filter, clock.now());
  if (found === null) return { items: [], cursors: [], hasNextPage: false };
  const { clauses, params } = found;
  if (after !== null) {
    clauses.push('proposed_position < ?');
    params.push(after);
  }
  const matched = rows<MemoryRow>(
    `SELECT ${MEMORY_COLUMNS} FROM memories WHERE ${clauses.join(' AND ')} ORDER BY proposed_position DESC LIMIT ?`,
    [...params, first + 1],
  );
  const items = matched.slice(0, first);
  return {
    items: items.map(toMemoryRecord),
    cursors: items.map((row) => encodeCursor(MEMORY_CURSOR, row[15])),
    hasNextPage: matched.length > first,
  };
}

/** Brute force over the filter's rows: a tenant's memory is thousands of rows, not millions. */
function similarMemories(rows: SqlRows, clock: Clock, query: SimilarMemoriesQuery): SimilarMemory[] {
  if (!Number.isSafeInteger(query.k) || query.k < 1 || query.k > MAX_K)
    throw new ProjectionError('INVALID_FILTER', `k must be an integer from 1 to ${MAX_K}`, {
      k: query.k,
      max: MAX_K,
    });
  const found = where(query.filter, clock.now());
  if (found === null) return [];
  const matched = rows<[...MemoryRow, Buffer]>(
    `SELECT ${MEMORY_COLUMNS}, embedding FROM memories WHERE ${found.clauses.join(' AND ')} AND embedding_model = ?`,
    [...found.params, query.modelSha256],
  );
  const scored = matched.map((row) => {
    const blob = row[18];
    const vector = new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
    return { row, score: dot(vector, query.vector) };
  });
  scored.sort((left, right) => right.score - left.score || right.row[15] - left.row[15]);
  return scored.slice(0, query.k).map(({ row, score }) => ({
    memory: toMemoryRecord(row.slice(0, 18) as MemoryRow),
    score,
  }));
}

function dot(left: Float32Array, right: readonly number[] | Float32Array): number {
  let sum = 0;
  for (let index = 0; index < Math.min(left.length, right.length); index++)
    sum += left[index]! * right[index]!;
  return sum;
}

function settle<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}
