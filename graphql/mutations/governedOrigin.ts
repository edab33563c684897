import type { GovernedOrigin } from '../../domain/index.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { commandOrigin } from './executeRunCommand.js';

/** The caller as governed commands take it: `commandOrigin` plus the role of its API key (policies use it). */
export function governedOrigin(
  context: GraphqlContext,
  idempotencyKey: string | null | undefined,
): GovernedOrigin {
  return { ...commandOrigin(context, idempotencyKey), role: principalOf(context).role };
}
