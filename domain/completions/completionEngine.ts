import type { JsonObject } from '../events/json.js';

/**
 * Remote model engines: an endpoint that speaks the OpenAI-compatible HTTP API (OpenAI, vLLM, Ollama, llama.cpp's
 * server, LiteLLM). The chat and embedding half of MIR's engines; `InferenceEngine` is the tensor half (local ONNX
 * models). Like it, an engine never writes to the ledger: `CompletionService` records what it returns.
 */

/** Where and how to reach one registered engine, as the adapter needs it. Never holds the API key itself. */
export interface EngineEndpoint {
  /** The registered engine's name (errors and metrics name it). */
  readonly name: string;
  /** e.g. `http://127.0.0.1:11434/v1`: the adapter appends `/chat/completions`, `/embeddings`. */
  readonly baseUrl: string;
  /** The model id sent with each request. */
  readonly model: string;
  /** A file holding the API key (read at call time, never copied anywhere); null: the endpoint needs none. */
  readonly apiKeyFile: string | null;
  /** Per attempt. */
  readonly timeoutMs: number;
  /** Retries after an idempotent failure (connection refused or reset, 408, 409, 429, 5xx), with backoff. */
  readonly maxRetries: number;
}

export const CHAT_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** A tool call the model asked for in an assistant message (OpenAI's `tool_calls` entry). */
export interface ChatToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments as the model wrote them: a JSON text, not necessarily valid JSON. */
  readonly arguments: string;
}

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
  /** For `tool` messages: the call this message answers. */
  readonly toolCallId?: string;
  /** For `assistant` messages that asked for tool calls. */
  readonly toolCalls?: readonly ChatToolCall[];
}

/** A function the model may call (OpenAI's `tools` entry of type `function`). */
export interface ChatToolSpec {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments. */
  readonly parameters: JsonObject;
}

/** Sampling parameters, recorded as sent. Absent ones are left to the endpoint's defaults. */
export interface CompletionParameters {
  readonly temperature?: number;
  readonly topP?: number;
  /** The most tokens the completion may have (sent as `max_tokens`). */
  readonly maxTokens?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
}

export interface CompletionRequest {
  readonly endpoint: EngineEndpoint;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ChatToolSpec[];
  readonly parameters: CompletionParameters;
  /** Sent as the `Idempotency-Key` header on every attempt of this request. */
  readonly idempotencyKey: string;
  /** Streams the completion; each piece of content is passed on as it arrives. */
  readonly onDelta?: (text: string) => void;
  /** Aborts the request (the run was cancelled): fails with `ENGINE_ABORTED`. */
  readonly signal?: AbortSignal;
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export interface CompletionResponse {
  /** The whole content (a streamed completion's pieces, joined). */
  readonly content: string;
  readonly toolCalls: readonly ChatToolCall[];
  /** `stop`, `length`, `tool_calls`, `content_filter`, or what the endpoint said. */
  readonly finishReason: string;
  /** Null when the endpoint reported none. */
  readonly usage: TokenUsage | null;
  /** The model id the endpoint reported (may differ from the one asked for). */
  readonly model: string;
  /** From the request's start to the last byte, all attempts included, in milliseconds. */
  readonly latencyMs: number;
  /** Attempts made (1 when the first succeeded). */
  readonly attempts: number;
}

export interface EmbeddingRequest {
  readonly endpoint: EngineEndpoint;
  readonly inputs: readonly string[];
  readonly idempotencyKey: string;
  readonly signal?: AbortSignal;
}

export interface EmbeddingResponse {
  /** One vector per input, in input order. */
  readonly vectors: readonly (readonly number[])[];
  readonly usage: TokenUsage | null;
  readonly model: string;
  readonly latencyMs: number;
  readonly attempts: number;
}

/**
 * An OpenAI-compatible engine. Failures are `CompletionError`s (`completionErrors.ts`): `ENGINE_TIMEOUT`,
 * `ENGINE_UNAVAILABLE`, `ENGINE_RATE_LIMITED`, `ENGINE_AUTH_FAILED`, `ENGINE_REQUEST_REJECTED`,
 * `ENGINE_BAD_RESPONSE`, `ENGINE_ABORTED`, `ENGINE_SECRET_UNREADABLE`; details never hold the key, the prompt or
 * the response.
 */
export interface CompletionEngine {
  complete(request: CompletionRequest): Promise<CompletionResponse>;
  embed(request: EmbeddingRequest): Promise<EmbeddingResponse>;
}
