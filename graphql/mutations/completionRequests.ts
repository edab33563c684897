import type {
  ChatMessage,
  ChatToolSpec,
  CompletionParameters,
  CompletionResult,
  JsonObject,
} from '../../domain/index.js';
import { badInputError } from '../access/accessErrors.js';
import type { GraphqlContext } from '../context.js';
import { governedCommand } from './governedCommand.js';
import { governedOrigin } from './governedOrigin.js';

/** A chat completion request as the API layers (GraphQL, MCP) take it, before the service checks it. */
export interface CompletionRequestInput {
  readonly runId: string;
  readonly engine?: string | null;
  readonly messages: readonly { role: string; content: string; toolCallId?: string | null }[];
  /** `[{ name, description, parameters }]`, checked here (BAD_USER_INPUT). */
  readonly tools?: unknown;
  readonly parameters?: ParametersInput | null;
  readonly approvalId?: string | null;
  readonly stream?: boolean | null;
}

interface ParametersInput {
  readonly temperature?: number | null;
  readonly topP?: number | null;
  readonly maxTokens?: number | null;
  readonly stop?: readonly string[] | null;
  readonly seed?: number | null;
}

/**
 * `requestCompletion` of the completion service as the caller's governed command, its origin (idempotency key per
 * API key) from `governedOrigin`: the one path of the GraphQL mutation and the MCP verb.
 */
export function requestCompletionFor(
  context: GraphqlContext,
  input: CompletionRequestInput,
  idempotencyKey: string | null | undefined,
): Promise<CompletionResult> {
  return governedCommand(context, (governance) =>
    governance.completions.requestCompletion(
      {
        runId: input.runId,
        ...(input.engine == null ? {} : { engine: input.engine }),
        messages: input.messages.map(chatMessage),
        ...(input.tools == null ? {} : { tools: toolSpecs(input.tools) }),
        parameters: parametersOf(input.parameters ?? {}),
        ...(input.approvalId == null ? {} : { approvalId: input.approvalId }),
        stream: input.stream === true,
      },
      governedOrigin(context, idempotencyKey),
    ),
  );
}

/** `requestEmbeddings` of the completion service, on the same path as `requestCompletionFor`. */
export function requestEmbeddingsFor(
  context: GraphqlContext,
  input: { readonly runId: string; readonly engine: string; readonly inputs: readonly string[] },
  idempotencyKey: string | null | undefined,
): Promise<CompletionResult> {
  return governedCommand(context, (governance) =>
    governance.completions.requestEmbeddings(
      { runId: input.runId, engine: input.engine, inputs: input.inputs },
      governedOrigin(context, idempotencyKey),
    ),
  );
}

function chatMessage(input: { role: string; content: string; toolCallId?: string | null }): ChatMessage {
  return {
    role: input.role as ChatMessage['role'], // checked by the service (COMPLETION_INVALID)
    content: input.content,
    ...(input.toolCallId == null ? {} : { toolCallId: input.toolCallId }),
  };
}

function toolSpecs(value: unknown): ChatToolSpec[] {
  if (!Array.isArray(value)) throw badInputError('tools must be a list of { name, description, parameters }');
  return value.map((tool: unknown) => {
    const { name, description, parameters } = (tool ?? {}) as Record<string, unknown>;
    if (
      typeof name !== 'string' ||
      typeof parameters !== 'object' ||
      parameters === null ||
      Array.isArray(parameters)
    )
      throw badInputError('every tool needs a name and a JSON Schema object as parameters');
    return {
      name,
      description: typeof description === 'string' ? description : '',
      parameters: parameters as JsonObject,
    };
  });
}

function parametersOf(input: ParametersInput): CompletionParameters {
  return {
    ...(input.temperature == null ? {} : { temperature: input.temperature }),
    ...(input.topP == null ? {} : { topP: input.topP }),
    ...(input.maxTokens == null ? {} : { maxTokens: input.maxTokens }),
    ...(input.stop == null ? {} : { stop: [...input.stop] }),
    ...(input.seed == null ? {} : { seed: input.seed }),
  };
}
