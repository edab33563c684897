import type { JsonValue } from '../events/json.js';
import { EngineError } from '../engines/engineErrors.js';
import { CHAT_ROLES } from './completionEngine.js';
import type { ChatMessage, ChatToolSpec, CompletionParameters } from './completionEngine.js';

/** `requestCompletion`: a chat completion within a run. */
export interface RequestCompletionCommand {
  readonly runId: string;
  /** The engine to use; absent: the tenant's engines are tried in name order, the first policy permits is used. */
  readonly engine?: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatToolSpec[];
  readonly parameters: CompletionParameters;
  /** Resume a completion a reviewer approved: the same engine, prompt and parameters. */
  readonly approvalId?: string;
  /** Pass the content to the run's live subscribers as it arrives (the ledger records the whole response). */
  readonly stream?: boolean;
}

/** `requestEmbeddings`: vectors for `inputs` from a named engine. */
export interface RequestEmbeddingsCommand {
  readonly runId: string;
  readonly engine: string;
  readonly inputs: readonly string[];
}

/** Bounds of a request, checked before anything is stored. */
export const COMPLETION_LIMITS = { maxMessages: 1_000, maxTools: 128, maxInputs: 2_048 } as const;

/** The prompt blob's value of a chat: `{messages, tools}` (absent fields left out, so digests are stable). */
export function chatPrompt(command: RequestCompletionCommand): JsonValue {
  checkMessages(command.messages);
  const tools = command.tools ?? [];
  if (tools.length > COMPLETION_LIMITS.maxTools)
    throw invalid('tools', `at most ${COMPLETION_LIMITS.maxTools} tools`);
  for (const tool of tools)
    if (typeof tool.name !== 'string' || tool.name === '') throw invalid('tools', 'every tool needs a name');
  return JSON.parse(JSON.stringify({ messages: command.messages, tools })) as JsonValue;
}

/** The prompt blob's value of an embeddings request: `{inputs}`. */
export function embeddingsPrompt(command: RequestEmbeddingsCommand): JsonValue {
  const { inputs } = command;
  if (inputs.length === 0 || inputs.length > COMPLETION_LIMITS.maxInputs)
    throw invalid('inputs', `give 1 to ${COMPLETION_LIMITS.maxInputs} inputs`);
  if (inputs.some((input) => typeof input !== 'string')) throw invalid('inputs', 'every input is text');
  return { inputs: [...inputs] };
}

function checkMessages(messages: readonly ChatMessage[]): void {
  if (messages.length === 0 || messages.length > COMPLETION_LIMITS.maxMessages)
    throw invalid('messages', `give 1 to ${COMPLETION_LIMITS.maxMessages} messages`);
  for (const message of messages) {
    if (!(CHAT_ROLES as readonly string[]).includes(message.role))
      throw invalid('messages', `role must be one of ${CHAT_ROLES.join(', ')}`);
    if (typeof message.content !== 'string') throw invalid('messages', 'content must be text');
  }
}

function invalid(field: string, reason: string): EngineError {
  return new EngineError('COMPLETION_INVALID', `invalid completion request: ${field}: ${reason}`, {
    field,
    reason,
  });
}
