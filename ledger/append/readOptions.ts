import { LedgerError } from '../../domain/index.js';
import type { EventFilter, ReadAllOptions, ReadDirection, ReadStreamOptions } from '../../domain/index.js';
import { assertStreamName } from '../encoding/streamName.js';

/** Most events one read returns when the caller does not say. */
export const DEFAULT_READ_COUNT = 10_000;
/** Most events one read may return; page beyond this. */
export const MAX_READ_COUNT = 100_000;

export interface ResolvedStreamRead {
  readonly direction: ReadDirection;
  readonly fromRevision: number | undefined;
  readonly maxCount: number;
}

export interface ResolvedAllRead {
  readonly direction: ReadDirection;
  readonly fromPosition: number | undefined;
  readonly maxCount: number;
  readonly filter: EventFilter | undefined;
}

export function resolveStreamRead(stream: string, options: ReadStreamOptions = {}): ResolvedStreamRead {
  assertStreamName(stream);
  return {
    direction: resolveDirection(options.direction),
    fromRevision: optionalIndex('fromRevision', options.fromRevision),
    maxCount: resolveCount(options.maxCount),
  };
}

export function resolveAllRead(options: ReadAllOptions = {}): ResolvedAllRead {
  return {
    direction: resolveDirection(options.direction),
    fromPosition: optionalIndex('fromPosition', options.fromPosition),
    maxCount: resolveCount(options.maxCount),
    filter: resolveFilter(options.filter),
  };
}

/** The window of a `readEncoded(fromPosition, maxCount)`: a checked start, and a count clamped to [0, MAX_READ_COUNT]. */
export function resolveEncodedRead(fromPosition: number, maxCount: number): { from: number; count: number } {
  return {
    from: optionalIndex('fromPosition', fromPosition) ?? 0,
    count: Math.min(Math.max(0, maxCount), MAX_READ_COUNT),
  };
}

export function resolveFilter(filter: EventFilter | undefined): EventFilter | undefined {
  if (filter === undefined) return undefined;
  for (const [field, list] of [
    ['streamPrefixes', filter.streamPrefixes],
    ['types', filter.types],
  ] as const) {
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))) {
      throw invalidRead(`filter.${field}`, 'must be a list of strings');
    }
  }
  return filter;
}

/** True when an event of `stream` and `type` passes `filter`. */
export function matchesFilter(stream: string, type: string, filter: EventFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.types !== undefined && !filter.types.includes(type)) return false;
  if (
    filter.streamPrefixes !== undefined &&
    !filter.streamPrefixes.some((prefix) => stream.startsWith(prefix))
  ) {
    return false;
  }
  return true;
}

export function optionalIndex(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw invalidRead(field, 'must be an integer >= 0');
  return value;
}

function resolveDirection(direction: ReadDirection | undefined): ReadDirection {
  if (direction === undefined || direction === 'forwards' || direction === 'backwards')
    return direction ?? 'forwards';
  throw invalidRead('direction', "must be 'forwards' or 'backwards'");
}

function resolveCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return DEFAULT_READ_COUNT;
  if (!Number.isSafeInteger(maxCount) || maxCount < 1 || maxCount > MAX_READ_COUNT) {
    throw invalidRead('maxCount', `must be an integer from 1 to ${MAX_READ_COUNT}`);
  }
  return maxCount;
}

function invalidRead(field: string, reason: string): LedgerError {
  return new LedgerError('INVALID_READ', `${field} ${reason}`, { field, reason });
}
