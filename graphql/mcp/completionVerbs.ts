import { z } from 'zod';
import { COMPLETION_LIMITS } from '../../domain/index.js';
import { requestCompletionFor, requestEmbeddingsFor } from '../mutations/completionRequests.js';
import { shortTextSchema } from '../types/validators.js';
import { toolCallToolResult } from './mcpOutcome.js';
import { idempotencyKey, runId, verb } from './mirVerb.js';
import type { MirVerb } from './mirVerb.js';

const NO_STREAMING =
  'No streaming over MCP: the answer comes once the whole response is recorded (stream through GraphQL ' +
  '`requestCompletion(stream: true)` and `runActivity`).';

const message = z.strictObject({
  role: z.string().min(1).max(32).describe('system, user, assistant or tool.'),
  content: z.string(),
  toolCallId: shortTextSchema.optional().describe('For `tool` messages: the call this message answers.'),
});

const parameters = z.strictObject({
  temperature: z.number().optional(),
  topP: z.number().optional(),
  maxTokens: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Sent as `max_tokens`, capped to what the run's `maxTokens` budget leaves."),
  stop: z.array(z.string()).max(16).optional(),
  seed: z.number().int().optional(),
});

const requestCompletion = verb({
  name: 'mir.request_completion',
  capability: 'completionWrite',
  root: 'Mutation',
  description:
    'A chat completion within a run, governed like a tool call (kill switch, engine named or routed by policy, ' +
    'budgets, risk score of the prompt, policy, approval, then the output guardrail) and recorded ' +
    '(`CompletionRequested`, then `CompletionCompleted` or the refusal or failure). Answers `outcome` ' +
    'completed (the text is the content), pending_approval (call again with the same arguments and its ' +
    'approvalId once a reviewer grants it), denied, withheld, failed or grant_refused. ' +
    NO_STREAMING,
  input: z.strictObject({
    runId,
    engine: shortTextSchema
      .optional()
      .describe('An engine of your tenant; absent: its engines in name order, the first policy permits.'),
    messages: z.array(message).min(1).max(COMPLETION_LIMITS.maxMessages),
    tools: z
      .array(z.json())
      .max(COMPLETION_LIMITS.maxTools)
      .optional()
      .describe(
        'Functions the model may call: `[{ name, description, parameters }]` (JSON Schema parameters).',
      ),
    parameters: parameters.optional(),
    approvalId: shortTextSchema.optional().describe('Resume a completion a reviewer approved.'),
    idempotencyKey,
  }),
  call: async (context, args) =>
    toolCallToolResult(
      'mir.request_completion',
      await requestCompletionFor(context, args, args.idempotencyKey),
    ),
});

const requestEmbeddings = verb({
  name: 'mir.request_embeddings',
  capability: 'completionWrite',
  root: 'Mutation',
  description:
    'Embeddings of `inputs` from a named engine within a run, governed and recorded like a completion ' +
    '(inputs and vectors only as blobs). Answers `outcome` embedded with `vectors`, or the refusal or failure.',
  input: z.strictObject({
    runId,
    engine: shortTextSchema,
    inputs: z.array(z.string()).min(1).max(COMPLETION_LIMITS.maxInputs),
    idempotencyKey,
  }),
  call: async (context, args) =>
    toolCallToolResult(
      'mir.request_embeddings',
      await requestEmbeddingsFor(context, args, args.idempotencyKey),
    ),
});

/** The completion service's requests as MCP verbs: the same path as the GraphQL mutations. */
export const COMPLETION_VERBS: readonly MirVerb[] = [requestCompletion, requestEmbeddings];
