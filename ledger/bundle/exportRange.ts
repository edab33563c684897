import type { RecordedEvent } from '../../domain/index.js';
import type { RedactedLeaf } from '../portable/bundle/bundleFormat.js';
import { SYSTEM_TENANT } from '../ledgerStreams.js';
import { assembleBundle } from './assembleBundle.js';
import type { BundleProofSources } from './assembleBundle.js';
import { bundleCheckpoint } from './bundleCheckpoint.js';
import { BundleError } from './bundleErrors.js';

/** The widest range one bundle covers. */
export const MAX_RANGE_EVENTS = 1_000_000;
const PAGE = 10_000;

export interface RangeRequest {
  /** Only this tenant's events (and the ledger's own) in full; the others by hash. Null: every event in full. */
  readonly tenant: string | null;
  /** First and last global position, inclusive. */
  readonly from: number;
  readonly to: number;
  /** Prove against the checkpoint of this tree size instead of the latest. */
  readonly treeSize?: number;
  readonly since?: readonly number[];
}

/** The bundle of a range of the ledger (`mir export --from --to [--tenant]`). */
export async function exportRangeBundle(sources: BundleProofSources, request: RangeRequest): Promise<string> {
  const { from, to, tenant } = request;
  const head = await sources.log.headPosition();
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to)
    throw new BundleError('BUNDLE_RANGE_INVALID', 'a range needs 0 <= from <= to', { from, to });
  if (head === null || to > head)
    throw new BundleError('BUNDLE_RANGE_INVALID', `the ledger ends at position ${head ?? -1}`, {
      from,
      to,
      head: head ?? -1,
    });
  if (to - from + 1 > MAX_RANGE_EVENTS)
    throw new BundleError('BUNDLE_RANGE_INVALID', `a bundle covers at most ${MAX_RANGE_EVENTS} events`, {
      from,
      to,
      limit: MAX_RANGE_EVENTS,
    });
  const events: RecordedEvent[] = [];
  const redacted: RedactedLeaf[] = [];
  for (let position = from; position <= to; position += PAGE) {
    const page = await sources.log.readAll({
      fromPosition: position,
      maxCount: Math.min(PAGE, to - position + 1),
    });
    for (const event of page) {
      const shown = tenant === null || event.meta.tenant === tenant || event.meta.tenant === SYSTEM_TENANT;
      if (shown) events.push(event);
      else redacted.push({ position: event.position, hash: event.hash });
    }
  }
  const checkpoint = await bundleCheckpoint(sources.log, to, request.treeSize);
  return assembleBundle(sources, {
    subject: { kind: 'range', tenant, from, to },
    events,
    redacted,
    checkpoint,
    since: request.since ?? [],
  });
}
