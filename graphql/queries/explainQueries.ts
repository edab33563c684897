import { explainEvent } from '../../projections/index.js';
import type { ExplainSources } from '../../projections/index.js';
import { notFoundError } from '../access/accessErrors.js';
import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { ExplanationType } from '../types/explanation.js';
import { eventIdSchema } from '../types/validators.js';
import { findEventPosition } from './eventLookup.js';

/**
 * Finds an event of the caller's tenant through the audit index. A miss may be an event the read models have not
 * indexed yet: it is looked up once more after they applied the ledger's head, so a fresh event is never answered
 * (and recorded) as NOT_FOUND.
 */
async function locate(context: GraphqlContext, eventId: string): Promise<number | null> {
  const found = await findEventPosition(context, eventId);
  if (found !== null) return found;
  const head = await context.deps.log.headPosition();
  if (head === null) return null;
  await context.deps.waitForProjection(head);
  return findEventPosition(context, eventId);
}

/** What explain reads for this request: the caller's tenant's events. */
function explainSources(context: GraphqlContext): ExplainSources {
  const { deps } = context;
  return {
    log: deps.log,
    locate: (eventId) => locate(context, eventId),
    proofs: deps.ledger,
    splitPolicies: (text) => deps.splitPolicies?.(text) ?? null,
  };
}

builder.queryField('explain', (t) =>
  t.field({
    type: ExplanationType,
    authScopes: { can: 'read' },
    description:
      'Explains an event of your tenant: its causes, the run at that point, the policy decisions (with the text ' +
      'of the determining policies), the approval, the memories applied, the model, the budgets used, its ' +
      'inclusion proof against the latest signed checkpoint and a one-line summary. An id not found in your ' +
      "tenant (another tenant's included) is NOT_FOUND, and recorded as a refusal.",
    args: { eventId: t.arg.id({ required: true, validate: eventIdSchema }) },
    resolve: async (_root, args, context) => {
      const eventId = String(args.eventId);
      const explanation = await explainEvent(explainSources(context), eventId, principalOf(context).tenant);
      if (explanation === null) throw notFoundError(`event ${eventId}`);
      return explanation;
    },
  }),
);
