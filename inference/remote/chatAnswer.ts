import type { ChatToolCall, CompletionResponse, TokenUsage } from '../../domain/index.js';
import { MalformedAnswer } from './engineFailure.js';

/** What an answer says, before the call adds latency and attempts. */
export type ChatAnswer = Omit<CompletionResponse, 'latencyMs' | 'attempts'>;

type Loose = Record<string, unknown>;

export function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API's `usage`, or null when absent (embeddings report no completion tokens: 0). */
export function tokenUsage(value: unknown): TokenUsage | null {
  if (!isObject(value)) return null;
  const { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total } = value;
  if (typeof prompt !== 'number') return null;
  const completionTokens = typeof completion === 'number' ? completion : 0;
  return {
    promptTokens: prompt,
    completionTokens,
    totalTokens: typeof total === 'number' ? total : prompt + completionTokens,
  };
}

function toolCall(value: unknown): ChatToolCall {
  const fn = isObject(value) ? value.function : undefined;
  if (!isObject(value) || typeof value.id !== 'string' || !isObject(fn) || typeof fn.name !== 'string') {
    throw new MalformedAnswer('sent a tool call without id or function name');
  }
  return { id: value.id, name: fn.name, arguments: typeof fn.arguments === 'string' ? fn.arguments : '' };
}

/** Reads a non-streamed `chat.completion`; throws `MalformedAnswer` when it is not one. */
export function parseChatCompletion(body: unknown, requestedModel: string): ChatAnswer {
  if (!isObject(body)) throw new MalformedAnswer('sent an answer that is not a JSON object');
  const [choice] = Array.isArray(body.choices) ? (body.choices as unknown[]) : [];
  if (!isObject(choice) || !isObject(choice.message)) {
    throw new MalformedAnswer('sent an answer without choices');
  }
  const { content, tool_calls: calls } = choice.message;
  if (content !== null && content !== undefined && typeof content !== 'string') {
    throw new MalformedAnswer('sent a message whose content is not text');
  }
  if (typeof choice.finish_reason !== 'string')
    throw new MalformedAnswer('sent a choice without finish reason');
  return {
    content: content ?? '',
    toolCalls: Array.isArray(calls) ? calls.map(toolCall) : [],
    finishReason: choice.finish_reason,
    usage: tokenUsage(body.usage),
    model: typeof body.model === 'string' ? body.model : requestedModel,
  };
}
