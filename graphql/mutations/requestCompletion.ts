import { builder } from '../builder.js';
import { CompletionResultType } from '../types/completionResult.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { shortTextSchema } from '../types/validators.js';
import { requestCompletionFor, requestEmbeddingsFor } from './completionRequests.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

const ChatMessageInput = builder.inputType('ChatMessageInput', {
  fields: (t) => ({
    role: t.string({ required: true, description: 'system, user, assistant or tool.' }),
    content: t.string({ required: true }),
    toolCallId: t.string({ description: 'For `tool` messages: the call this message answers.' }),
  }),
});

const CompletionParametersInput = builder.inputType('CompletionParametersInput', {
  description: "Sampling parameters, recorded as sent; absent ones are left to the endpoint's defaults.",
  fields: (t) => ({
    temperature: t.float(),
    topP: t.float(),
    maxTokens: t.int({
      description: "Sent as `max_tokens`, capped to what the run's `maxTokens` budget leaves.",
    }),
    stop: t.stringList(),
    seed: t.int(),
  }),
});

builder.mutationField('requestCompletion', (t) =>
  t.field({
    type: CompletionResultType,
    authScopes: { can: 'completionWrite' },
    description:
      'A chat completion within a run, governed like a tool call: kill switch, engine (named, or routed: your ' +
      "tenant's engines in name order, the first policy permits), run, budgets (`maxCompletionCalls`, `maxTokens`), " +
      'the risk score of the prompt, policy (`requestCompletion`), approval when a policy says so, the call, then ' +
      'the output guardrail (`releaseCompletion`). Every outcome is recorded on the run; prompt and response only as ' +
      'blobs. With `stream`, `runEvents(includeDeltas: true)` subscribers see the content as it arrives. A retry ' +
      'with the same idempotency key answers from the record and calls nothing.',
    args: {
      ...runIdArgs(),
      engine: t.arg.string({ validate: shortTextSchema }),
      messages: t.arg({ type: [ChatMessageInput], required: true }),
      tools: t.arg({
        type: JsonScalar,
        description:
          'Functions the model may call: `[{ name, description, parameters }]` (JSON Schema parameters).',
      }),
      parameters: t.arg({ type: CompletionParametersInput }),
      approvalId: t.arg.id(),
      stream: t.arg.boolean(),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      requestCompletionFor(
        context,
        {
          ...args,
          runId: String(args.runId),
          approvalId: args.approvalId == null ? null : String(args.approvalId),
        },
        args.idempotencyKey,
      ),
  }),
);

builder.mutationField('requestEmbeddings', (t) =>
  t.field({
    type: CompletionResultType,
    authScopes: { can: 'completionWrite' },
    description:
      'Embeddings of `inputs` from a named engine within a run, governed and recorded like a completion (inputs and ' +
      'vectors only as blobs; no output guardrail: vectors carry no text to release).',
    args: {
      ...runIdArgs(),
      engine: t.arg.string({ required: true, validate: shortTextSchema }),
      inputs: t.arg.stringList({ required: true }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      requestEmbeddingsFor(context, { ...args, runId: String(args.runId) }, args.idempotencyKey),
  }),
);
