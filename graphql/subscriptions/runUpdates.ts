import { RUN_STREAM_PREFIX } from '../../domain/index.js';
import type { RecordedEvent } from '../../domain/index.js';
import { builder } from '../builder.js';
import { freshLoaders, principalOf, stillAuthorized } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { RunStatusEnum } from '../types/enums.js';
import { EventRef, RunRef } from '../types/refs.js';
import { runIdSchema, shortTextSchema } from '../types/validators.js';
import { runViewAsOf } from '../views/runView.js';
import type { RunView } from '../views/runView.js';
import { mapSubscription, nextPosition } from './mapSubscription.js';
import { RunFoldCache } from './runFoldCache.js';

interface RunUpdateView {
  readonly run: RunView;
  readonly event: RecordedEvent;
}

const RunUpdateType = builder.objectRef<RunUpdateView>('RunUpdate').implement({
  description: 'A run event and the run exactly as of that event (folded from the ledger).',
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: (update) => update.run }),
    event: t.field({ type: EventRef, resolve: (update) => update.event }),
  }),
});

const RunUpdatesFilter = builder.inputType('RunUpdatesFilter', {
  fields: (t) => ({
    runId: t.id({ validate: runIdSchema }),
    status: t.field({ type: RunStatusEnum, description: 'Only updates that leave the run in this status.' }),
    agent: t.string({ validate: shortTextSchema }),
  }),
});

type Filter = { runId?: string | number | null; status?: string | null; agent?: string | null };

/** The update `event` makes, or null when it is another tenant's or not one the filter wants. */
async function runUpdateOf(
  context: GraphqlContext,
  folds: RunFoldCache,
  event: RecordedEvent,
  filter: Filter,
): Promise<RunUpdateView | null> {
  const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
  const { tenant } = principalOf(context);
  if (event.meta.tenant !== tenant) return null;
  if (filter.runId != null && String(filter.runId) !== runId) return null;
  const found = await folds.asOf(runId, event);
  if (found === null) return null;
  const run = runViewAsOf(found, event.position);
  if (filter.status != null && run.status !== filter.status) return null;
  if (filter.agent != null && run.agent !== filter.agent) return null;
  return { run, event };
}

builder.subscriptionField('runUpdates', (t) =>
  t.field({
    type: RunUpdateType,
    authScopes: { can: 'read' },
    description:
      "Every change to your tenant's runs (optionally filtered), from `fromPosition` (default: now), in ledger order.",
    args: {
      filter: t.arg({ type: RunUpdatesFilter }),
      fromPosition: t.arg({ type: 'Position' }),
    },
    subscribe: async (_root, args, context) => {
      const { tenant } = principalOf(context);
      const folds = new RunFoldCache((runId, asOf) => context.deps.runAsOf(tenant, runId, asOf));
      const subscription = context.deps.log.subscribeToAll({
        fromPosition: args.fromPosition ?? (await nextPosition(context.deps.log)),
        filter: { streamPrefixes: [RUN_STREAM_PREFIX] },
      });
      return mapSubscription(subscription, (event) => runUpdateOf(context, folds, event, args.filter ?? {}), {
        stillAuthorized: () => stillAuthorized(context),
      });
    },
    resolve: (update, _args, context) => {
      freshLoaders(context);
      return update;
    },
  }),
);
