import type { GraphqlContext } from '../context.js';
import type { GovernanceServices, GraphqlDeps } from '../graphqlDeps.js';
import { GraphQLError } from '../graphqlJs.js';

/**
 * Governance, or the `GOVERNANCE_UNAVAILABLE` error of a server composed without it (a deployment choice, not a
 * caller's fault, hence an error rather than a typed result). Every tool, policy, approval and memory field asks
 * through here, so they all answer alike.
 */
export function governanceOf(context: GraphqlContext): GovernanceServices {
  const governance = context.deps.governance;
  if (governance === undefined) throw unavailable('tools, policies, approvals and memory');
  return governance;
}

/** The tenant kill switch, or `GOVERNANCE_UNAVAILABLE`. */
export function tenantsOf(context: GraphqlContext): NonNullable<GraphqlDeps['tenants']> {
  const tenants = context.deps.tenants;
  if (tenants === undefined) throw unavailable('the tenant kill switch');
  return tenants;
}

function unavailable(what: string): GraphQLError {
  return new GraphQLError(`this server runs without governance: ${what} cannot be used`, {
    extensions: { code: 'GOVERNANCE_UNAVAILABLE' },
  });
}
