import { builder } from '../builder.js';
import { resolveEventConnection } from '../queries/eventConnection.js';
import { ApiKeyType } from './apiKey.js';
import { EventConnectionType } from './connections.js';
import { RunStatusEnum } from './enums.js';
import { JsonScalar } from './jsonScalar.js';
import { pageArgs, pageRequest } from './pageArgs.js';
import { EventRef, RunRef, RunStepRef } from './refs.js';

const RunBudgetType = builder.simpleObject('RunBudget', {
  fields: (t) => ({
    maxSteps: t.int({ nullable: true }),
    maxWallTimeMs: t.int({ nullable: true }),
    maxInferenceCalls: t.int({ nullable: true }),
    maxToolCalls: t.int({ nullable: true }),
    maxCompletionCalls: t.int({ nullable: true }),
    maxTokens: t.int({ nullable: true }),
  }),
});

/**
 * A limit as the run started with it. The read model keeps the budget as the `RunStarted` event carried it, but
 * its `RunSummary` type only names the older limits, hence the look without a cast.
 */
function limitOf(
  budget: object,
  limit: 'maxInferenceCalls' | 'maxCompletionCalls' | 'maxTokens',
): number | null {
  const value: unknown = limit in budget ? (budget as Record<string, unknown>)[limit] : undefined;
  return typeof value === 'number' ? value : null;
}

RunRef.implement({
  description: 'A run: its current state from the read model, or its state as of a ledger position (`asOf`).',
  fields: (t) => ({
    id: t.exposeID('runId'),
    status: t.field({ type: RunStatusEnum, resolve: (run) => run.status }),
    goal: t.exposeString('goal'),
    agent: t.exposeString('agent'),
    input: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The input the run started with; null when it started without one.',
      resolve: (run) => run.input,
    }),
    budget: t.field({
      type: RunBudgetType,
      resolve: (run) => ({
        maxSteps: run.budget.maxSteps ?? null,
        maxWallTimeMs: run.budget.maxWallTimeMs ?? null,
        maxInferenceCalls: limitOf(run.budget, 'maxInferenceCalls'),
        maxToolCalls: run.budget.maxToolCalls ?? null,
        maxCompletionCalls: limitOf(run.budget, 'maxCompletionCalls'),
        maxTokens: limitOf(run.budget, 'maxTokens'),
      }),
    }),
    stepCount: t.exposeInt('stepCount'),
    inferenceCalls: t.exposeInt('inferenceCalls', {
      description: 'Inference requests the run has made (each counts against budget.maxInferenceCalls).',
    }),
    toolCalls: t.exposeInt('toolCalls', {
      description: 'Tool calls the run has requested (each counts against budget.maxToolCalls).',
    }),
    pendingApprovals: t.exposeInt('pendingApprovals', {
      description: 'Approvals requested and not yet decided or expired (the run awaits approval while > 0).',
    }),
    output: t.field({
      type: JsonScalar,
      nullable: true,
      description:
        'The output it completed with; null until it completes, and when it completed without one.',
      resolve: (run) => run.output,
    }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    cancelReason: t.exposeString('cancelReason', { nullable: true }),
    cancelledBy: t.exposeString('cancelledBy', { nullable: true }),
    startedAt: t.exposeString('startedAt'),
    updatedAt: t.exposeString('updatedAt'),
    endedAt: t.exposeString('endedAt', { nullable: true }),
    revision: t.exposeInt('revision', { description: "The run stream's last revision (in this view)." }),
    lastPosition: t.expose('lastPosition', {
      type: 'Position',
      description: "Position of the run's last event (in this view).",
    }),
    asOf: t.expose('asOf', {
      type: 'Position',
      nullable: true,
      description: 'The position this view was folded up to.',
    }),
    startedBy: t.field({
      type: ApiKeyType,
      nullable: true,
      description: 'The API key that started the run (batched per request).',
      resolve: (run, _args, context) => context.loaders.apiKey.load(run.startedBy),
    }),
    steps: t.field({
      type: [RunStepRef],
      description: 'Every step in order (batched per request); up to `asOf` in a time-travel view.',
      resolve: (run, _args, context) => run.steps ?? context.loaders.steps.load(run.runId),
    }),
    lastEvent: t.field({
      type: EventRef,
      nullable: true,
      description: "The run's latest event in this view (batched per request).",
      resolve: (run, _args, context) => context.loaders.event.load(run.lastPosition),
    }),
    events: t.field({
      type: EventConnectionType,
      args: pageArgs(),
      description:
        "The run's events in ledger order, from the audit index; up to `asOf` in a time-travel view.",
      resolve: (run, args, context) =>
        resolveEventConnection(
          context,
          { runId: run.runId, ...(run.asOf === null ? {} : { toPosition: run.asOf }) },
          pageRequest(args),
        ),
    }),
  }),
});

export { RunRef as RunType };
