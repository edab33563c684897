import type { RecordedEvent } from '../../domain/index.js';
import type { AuditFilter, PageRequest } from '../../projections/index.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { toConnection } from '../types/pageArgs.js';

/**
 * A page of events: positions from the audit index (tenant-scoped), the events themselves from the log through the
 * request's event loader, so that every connection in one request shares a few batched reads.
 */
export async function resolveEventConnection(
  context: GraphqlContext,
  filter: Omit<AuditFilter, 'tenant'>,
  page: PageRequest,
) {
  const { tenant } = principalOf(context);
  const positions = await context.deps.queries.auditPositions({ ...filter, tenant }, page);
  const events = await context.loaders.event.loadMany(positions.items);
  const edges: Array<{ item: RecordedEvent; cursor: string }> = [];
  events.forEach((event, index) => {
    if (event instanceof Error) throw event;
    const cursor = positions.cursors[index];
    if (event !== null && cursor !== undefined) edges.push({ item: event, cursor });
  });
  return toConnection(edges, positions.hasNextPage);
}
