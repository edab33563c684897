import type { GraphqlContext } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { toApiError } from '../errors/toApiError.js';
import type { GovernanceServices } from '../graphqlDeps.js';

/**
 * Runs a governance command: refusals that recorded nothing are thrown as typed errors (members of the field's
 * result union); after a recorded outcome, waits until the projections show it (read-your-writes).
 */
export async function governedCommand<
  Result extends { readonly events: readonly { readonly position: number }[] },
>(context: GraphqlContext, command: (governance: GovernanceServices) => Promise<Result>): Promise<Result> {
  const governance = governanceOf(context);
  let result;
  try {
    result = await command(governance);
  } catch (error) {
    throw toApiError(error);
  }
  const last = result.events.at(-1);
  if (last !== undefined) await context.deps.waitForProjection(last.position);
  return result;
}
