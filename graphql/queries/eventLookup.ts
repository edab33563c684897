import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';

/** Position of an event of the caller's tenant, by its id; null when there is none (or it is another tenant's). */
export async function findEventPosition(context: GraphqlContext, eventId: string): Promise<number | null> {
  const [position] = await context.deps.queries.eventPositions(principalOf(context).tenant, [eventId]);
  return position ?? null;
}
