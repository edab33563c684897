import type { Principal } from '../domain/index.js';
import { unauthenticatedError } from './access/accessErrors.js';
import type { GraphqlDeps, UnauthenticatedReason } from './graphqlDeps.js';
import { createLoaders } from './loaders/createLoaders.js';
import type { Loaders } from './loaders/createLoaders.js';

/** What every resolver sees: the runtime, the authenticated caller (or null), and this request's loaders. */
export interface GraphqlContext {
  readonly deps: GraphqlDeps;
  readonly principal: Principal | null;
  /** The Authorization header the principal came from, to re-check it during long-lived subscriptions. */
  readonly authorization: string | null;
  /** Replaced by `freshLoaders` before each subscription event, so a long subscription never serves stale rows. */
  loaders: Loaders;
}

/** Authenticates once per request (or per WebSocket operation) and builds fresh loaders. */
export async function createGraphqlContext(
  deps: GraphqlDeps,
  authorization: string | null,
): Promise<GraphqlContext> {
  const principal = await deps.authenticate(authorization);
  if (principal === null) deps.onUnauthenticated?.(unauthenticatedReason(authorization));
  return { deps, principal, authorization, loaders: createLoaders(deps, principal) };
}

function unauthenticatedReason(authorization: string | null): UnauthenticatedReason {
  if (authorization === null || authorization.trim() === '') return 'missing';
  return /^Bearer \S+$/.test(authorization.trim()) ? 'rejected' : 'malformed';
}

export function freshLoaders(context: GraphqlContext): void {
  context.loaders = createLoaders(context.deps, context.principal);
}

/** The caller; scope-auth has already refused anonymous callers on every root field, this only narrows the type. */
export function principalOf(context: GraphqlContext): Principal {
  if (context.principal === null) throw unauthenticatedError();
  return context.principal;
}

/**
 * True while the key behind `context` still authenticates as the same principal. Subscriptions ask before every
 * event, so a key revoked mid-subscription stops receiving (verified keys are cached briefly, so this is cheap).
 */
export async function stillAuthorized(context: GraphqlContext): Promise<boolean> {
  if (context.principal === null) return false;
  const current = await context.deps.authenticate(context.authorization);
  return current !== null && current.keyId === context.principal.keyId;
}
