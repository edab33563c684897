import { REPLAY_CHECKS } from '../../domain/index.js';
import type {
  ReplayCounts,
  ReplayItem,
  ReplayOptions,
  ReplayRunResult,
  ReplayTolerance,
  RunReplayedData,
} from '../../domain/index.js';
import { builder } from '../builder.js';
import { loadRunView } from '../queries/runQueries.js';
import { eventAt } from './inferencePayload.js';
import { JsonScalar } from './jsonScalar.js';
import { EventRef, RunRef } from './refs.js';

export const ReplayCheckEnum = builder.enumType('ReplayCheck', {
  values: REPLAY_CHECKS,
  description:
    '`state`: the run rebuilt from the ledger, step by step, against the runs read model; `inference`: each ' +
    'recorded inference run again on the model file of its recorded SHA-256; `policy`: each recorded policy ' +
    'decision taken again under its recorded policy-set version.',
});

const ReplayVerdictEnum = builder.enumType('ReplayVerdict', { values: ['match', 'mismatch'] as const });

export const ReplayOptionsInput = builder.inputType('ReplayOptionsInput', {
  description: 'Which checks to make; each is on unless set to false.',
  fields: (t) => ({
    state: t.boolean({ defaultValue: true }),
    inference: t.boolean({ defaultValue: true }),
    policy: t.boolean({ defaultValue: true }),
  }),
});

const ReplayOptionsType = builder.objectRef<ReplayOptions>('ReplayOptions').implement({
  fields: (t) => ({
    state: t.exposeBoolean('state'),
    inference: t.exposeBoolean('inference'),
    policy: t.exposeBoolean('policy'),
  }),
});

const ReplayToleranceType = builder.objectRef<ReplayTolerance>('ReplayTolerance').implement({
  description:
    'Output tensors replayed on another execution provider than the recorded one match when every element ' +
    'satisfies |replayed − recorded| ≤ absolute + relative × |recorded|; on the same provider the comparison is ' +
    'bit-exact (output digests).',
  fields: (t) => ({ absolute: t.exposeFloat('absolute'), relative: t.exposeFloat('relative') }),
});

const ReplayItemType = builder.objectRef<ReplayItem>('ReplayItem').implement({
  description: 'One comparison: what the ledger says (`expected`) against what the replay got (`actual`).',
  fields: (t) => ({
    check: t.field({ type: ReplayCheckEnum, resolve: (item) => item.check }),
    eventId: t.exposeID('eventId', { description: 'The recorded event the comparison is about.' }),
    subject: t.exposeString('subject', {
      description: 'What was compared: `stepNumber`, `projection.<field>`, `outputDigest`, `modelSha256`, ….',
    }),
    match: t.exposeBoolean('match'),
    expected: t.field({ type: JsonScalar, nullable: true, resolve: (item) => item.expected }),
    actual: t.field({ type: JsonScalar, nullable: true, resolve: (item) => item.actual }),
    note: t.exposeString('note', { nullable: true }),
    tolerance: t.field({
      type: ReplayToleranceType,
      nullable: true,
      description: 'The tolerance applied, when outputs were compared on another execution provider.',
      resolve: (item) => item.tolerance,
    }),
  }),
});

const ReplayCountsType = builder.objectRef<ReplayCounts>('ReplayCounts').implement({
  fields: (t) => ({ checked: t.exposeInt('checked'), mismatches: t.exposeInt('mismatches') }),
});

const ReplayCountsPerCheck = builder.objectRef<RunReplayedData['counts']>('ReplayCountsPerCheck').implement({
  description: 'Items compared and mismatches, per check (steps that followed on are counted, not listed).',
  fields: (t) => ({
    state: t.field({ type: ReplayCountsType, resolve: (counts) => counts.state }),
    inference: t.field({ type: ReplayCountsType, resolve: (counts) => counts.inference }),
    policy: t.field({ type: ReplayCountsType, resolve: (counts) => counts.policy }),
  }),
});

/** What `replayRun` returns: the findings recorded in the run's `RunReplayed` event. */
export const RunReplayType = builder.objectRef<ReplayRunResult>('RunReplay').implement({
  fields: (t) => ({
    runId: t.exposeID('runId'),
    verdict: t.field({
      type: ReplayVerdictEnum,
      description: '`match` when every item matched, else `mismatch`.',
      resolve: (result) => result.report.verdict,
    }),
    options: t.field({ type: ReplayOptionsType, resolve: (result) => result.report.options }),
    throughRevision: t.int({
      description: "The run stream's last revision the replay covered.",
      resolve: (result) => result.report.throughRevision,
    }),
    counts: t.field({ type: ReplayCountsPerCheck, resolve: (result) => result.report.counts }),
    items: t.field({ type: [ReplayItemType], resolve: (result) => result.report.items }),
    omittedItems: t.int({
      description: 'Matching items left out to keep the event within the ledger limit.',
      resolve: (result) => result.report.omittedItems,
    }),
    tolerance: t.field({ type: ReplayToleranceType, resolve: (result) => result.report.tolerance }),
    event: t.field({
      type: EventRef,
      description: 'The `RunReplayed` event on the run stream.',
      resolve: (result, _args, context) => eventAt(context, result.event),
    }),
    run: t.field({
      type: RunRef,
      resolve: async (result, _args, context) => {
        const run = await loadRunView(context, result.runId, null);
        if (run === null) throw new Error(`run ${result.runId} is not in the read model after replayRun`);
        return run;
      },
    }),
    replayed: t.exposeBoolean('replayed', {
      description:
        'True when the idempotency key had been used already: the recorded findings, nothing re-run.',
    }),
  }),
});
