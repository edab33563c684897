import type { RunFork } from '../../projections/index.js';
import { builder } from '../builder.js';
import type { GraphqlContext } from '../context.js';
import { runViewOfSummary } from '../views/runView.js';
import type { RunView } from '../views/runView.js';
import { RunRef } from './refs.js';

/** The run as the read model shows it now, or null (another tenant's runs never show). */
async function currentRun(context: GraphqlContext, runId: string): Promise<RunView | null> {
  const summary = await context.loaders.run.load(runId);
  return summary === null ? null : runViewOfSummary(summary);
}

const RunForkOriginType = builder.objectRef<RunFork>('RunForkOrigin').implement({
  description:
    "Where a fork continues from, as its first event (`RunStarted` with `forkedFrom`) records it. The fork's " +
    'state at its start is the source folded up to `position`; `stateDigest` lets anyone check that.',
  fields: (t) => ({
    run: t.field({
      type: RunRef,
      nullable: true,
      description: 'The source run as it is now (its own state may have moved on since the fork).',
      resolve: (fork, _args, context) => currentRun(context, fork.sourceRunId),
    }),
    runId: t.exposeID('sourceRunId', { description: 'The source run.' }),
    position: t.expose('sourcePosition', {
      type: 'Position',
      description: "Global position of the source's event that completed `step` (its RunStarted for step 0).",
    }),
    step: t.exposeInt('step', { description: 'The source step forked at; the fork records step + 1 next.' }),
    stateDigest: t.exposeString('stateDigest', {
      description:
        "`sha256:<hex>` of the RFC 8785 canonical JSON of the source's run state folded up to `position`.",
    }),
    reason: t.exposeString('reason'),
    forkedBy: t.exposeString('forkedBy', { description: 'The API key (or operator) that forked.' }),
  }),
});

builder.objectFields(RunRef, (t) => ({
  forkedFrom: t.field({
    type: RunForkOriginType,
    nullable: true,
    description: 'Where this run was forked from; null for a run started fresh (batched per request).',
    resolve: (run, _args, context) => context.loaders.forkOrigin.load(run.runId),
  }),
  forks: t.field({
    type: [RunRef],
    description:
      'Runs forked from this one, oldest first, as they are now (batched per request); in a time-travel view, ' +
      'only the forks started by `asOf`.',
    resolve: async (run, _args, context) => {
      const forks = await context.loaders.forks.load(run.runId);
      const asOf = run.asOf;
      const started = asOf === null ? forks : forks.filter((fork) => fork.position <= asOf);
      const views = await Promise.all(started.map((fork) => currentRun(context, fork.runId)));
      return views.filter((view): view is RunView => view !== null);
    },
  }),
}));
