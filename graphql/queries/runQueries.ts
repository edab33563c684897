import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { RunConnectionType } from '../types/connections.js';
import { RunStatusEnum } from '../types/enums.js';
import { pageArgs, pageRequest, toConnection } from '../types/pageArgs.js';
import { RunRef } from '../types/refs.js';
import { runIdSchema, shortTextSchema } from '../types/validators.js';
import { runViewAsOf, runViewOfSummary } from '../views/runView.js';
import type { RunView } from '../views/runView.js';

/** The current run (read model) or, with `asOf`, the run folded up to that position. Other tenants: null. */
export async function loadRunView(
  context: GraphqlContext,
  runId: string,
  asOf: number | null,
): Promise<RunView | null> {
  if (asOf === null) {
    const summary = await context.loaders.run.load(runId);
    return summary === null ? null : runViewOfSummary(summary);
  }
  const { tenant } = principalOf(context);
  const found = await context.deps.runAsOf(tenant, runId, asOf);
  return found === null || found.summary.tenant !== tenant ? null : runViewAsOf(found, asOf);
}

builder.queryFields((t) => ({
  run: t.field({
    type: RunRef,
    nullable: true,
    authScopes: { can: 'read' },
    description: 'A run of your tenant; with `asOf`, its state as of that ledger position (time travel).',
    args: {
      id: t.arg.id({ required: true, validate: runIdSchema }),
      asOf: t.arg({ type: 'Position' }),
    },
    resolve: (_root, args, context) => loadRunView(context, String(args.id), args.asOf ?? null),
  }),
  runs: t.field({
    type: RunConnectionType,
    authScopes: { can: 'read' },
    description:
      'Runs of your tenant, newest first as the read model orders them. `text` keeps runs whose goal, agent or id ' +
      'contains it (ASCII letters in any case; `%` and `_` are plain characters); filters combine.',
    args: {
      ...pageArgs(),
      status: t.arg({ type: RunStatusEnum }),
      agent: t.arg.string({ validate: shortTextSchema }),
      text: t.arg.string({ validate: shortTextSchema }),
    },
    resolve: async (_root, args, context) => {
      const { tenant } = principalOf(context);
      const filter = {
        tenant,
        ...(args.status == null ? {} : { status: args.status }),
        ...(args.agent == null ? {} : { agent: args.agent }),
        ...(args.text == null ? {} : { text: args.text }),
      };
      const page = await context.deps.queries.listRuns(filter, pageRequest(args));
      const items = page.items.map((summary, index) => {
        context.loaders.run.prime(summary.runId, summary);
        return { item: runViewOfSummary(summary), cursor: page.cursors[index] ?? '' };
      });
      return toConnection(items, page.hasNextPage);
    },
  }),
}));
