import { hasErrorCode } from '../../domain/index.js';
import type { EventLog, JsonValue, RecordedEvent } from '../../domain/index.js';

/** Where an event sits whose stored data or meta is not JSON, and which of the two. */
export interface UndecodableEvent {
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly field: string;
}

/** One event of a stream as verification reads it: decoded, or named as undecodable (never a crash). */
export type StreamEntry =
  | { readonly event: RecordedEvent; readonly undecodable?: undefined }
  | { readonly event?: undefined; readonly undecodable: UndecodableEvent };

const PAGE = 10_000;

/**
 * Every event of `stream` in revision order. A page holding an event the log cannot decode (STORAGE_CORRUPT naming
 * it) is re-read one event at a time, so the others still come back and the bad one is named where it is.
 */
export async function readStreamEntries(log: EventLog, stream: string): Promise<StreamEntry[]> {
  const entries: StreamEntry[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await readStreamPage(log, stream, from, PAGE);
    entries.push(...page);
    if (page.length < PAGE) return entries;
  }
}

/** At most `count` events of `stream` from revision `from`, as `readStreamEntries` reads them. */
export async function readStreamPage(
  log: EventLog,
  stream: string,
  from: number,
  count: number,
): Promise<StreamEntry[]> {
  try {
    return (await log.readStream(stream, { fromRevision: from, maxCount: count })).map((event) => ({
      event,
    }));
  } catch (error) {
    if (undecodableOf(error) === undefined) throw error;
  }
  const entries: StreamEntry[] = [];
  for (let revision = from; revision < from + count; revision++) {
    try {
      const [event] = await log.readStream(stream, { fromRevision: revision, maxCount: 1 });
      if (event === undefined) break;
      entries.push({ event });
    } catch (error) {
      const undecodable = undecodableOf(error);
      if (undecodable === undefined) throw error;
      entries.push({ undecodable });
    }
  }
  return entries;
}

function undecodableOf(error: unknown): UndecodableEvent | undefined {
  if (!hasErrorCode(error, 'STORAGE_CORRUPT')) return undefined;
  const { stream, revision, position, field } = error.details as Record<string, JsonValue | undefined>;
  if (typeof stream !== 'string' || typeof revision !== 'number' || typeof position !== 'number')
    return undefined;
  return { stream, revision, position, field: typeof field === 'string' ? field : 'data' };
}
