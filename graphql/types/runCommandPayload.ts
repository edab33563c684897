import type { RecordedEvent } from '../../domain/index.js';
import { builder } from '../builder.js';
import type { RunView } from '../views/runView.js';
import { EventRef, RunRef } from './refs.js';

export interface RunCommandPayloadView {
  readonly run: RunView;
  readonly events: readonly RecordedEvent[];
  readonly replayed: boolean;
}

/** What every run mutation returns on success: the run as the read model now shows it (read-your-writes). */
export const RunCommandPayloadType = builder.objectRef<RunCommandPayloadView>('RunCommandPayload').implement({
  fields: (t) => ({
    run: t.field({ type: RunRef, resolve: (payload) => payload.run }),
    events: t.field({
      type: [EventRef],
      description: 'The events this command appended (for a replay: the ones it appended the first time).',
      resolve: (payload) => payload.events,
    }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when the idempotency key had been used already: nothing new was appended.',
    }),
  }),
});

export const RunBudgetInput = builder.inputType('RunBudgetInput', {
  fields: (t) => ({
    maxSteps: t.int({ description: 'Most steps the run may record.' }),
    maxWallTimeMs: t.int({ description: 'Longest the run may take, from its start, in milliseconds.' }),
    maxInferenceCalls: t.int({
      description: 'Most inference requests the run may make (each request counts, whatever its outcome).',
    }),
    maxToolCalls: t.int({
      description: 'Most tool calls the run may request (each request counts, whatever its outcome).',
    }),
    maxCompletionCalls: t.int({
      description:
        'Most completions and embeddings requests the run may make (each request counts, whatever its outcome).',
    }),
    maxTokens: t.int({
      description:
        "Most tokens the run's completions may use (as the engines report them); each call's max_tokens is capped " +
        'to what is left, so the last call may overshoot by its prompt tokens at most.',
    }),
  }),
});
