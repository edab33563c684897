import OpenAI from 'openai';
import type {
  CompletionEngine,
  CompletionRequest,
  CompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  EngineEndpoint,
} from '../../domain/index.js';
import { parseChatCompletion, type ChatAnswer } from './chatAnswer.js';
import { chatRequestBody } from './chatRequestBody.js';
import { parseEmbeddings } from './embeddingAnswer.js';
import { runAttempts, type AttemptControl, type AttemptPlan, type BackoffSettings } from './runAttempts.js';
import { readSecretFile } from './secretFile.js';
import { StreamAssembly } from './streamAssembly.js';

/** Retry pacing; every option has a default. */
export interface OpenAiCompatibleEngineOptions {
  /** Wait before the first retry, doubled per retry (default 500 ms), less up to 25% jitter. */
  readonly initialBackoffMs?: number;
  /** The longest computed wait (default 8 s). */
  readonly maxBackoffMs?: number;
  /** The longest `retry-after` honoured (default 30 s): an endpoint asking for more is not retried. */
  readonly maxRetryAfterMs?: number;
  /** Jitter source in [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * The client demands some credential; with no key file, it gets this placeholder and the `Authorization` header is
 * removed, so nothing that looks like a key is sent.
 */
const NO_KEY = 'no-key';

function clientFor(endpoint: EngineEndpoint, secret: string | null): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: secret ?? NO_KEY,
    // Explicit nulls: the client would otherwise pick these up from OPENAI_* environment variables.
    adminAPIKey: null,
    organization: null,
    project: null,
    // runAttempts' deadline (which covers the body too) is the one that counts; this only bounds the client's own.
    timeout: Math.max(1, Math.ceil(endpoint.timeoutMs)),
    // One retry loop: runAttempts'.
    maxRetries: 0,
    logLevel: 'off',
    ...(secret === null ? { defaultHeaders: { Authorization: null } } : {}),
  });
}

async function nonStreamed(client: OpenAI, request: CompletionRequest, control: AttemptControl) {
  const raw: unknown = await client.chat.completions.create(chatRequestBody(request), {
    headers: { 'Idempotency-Key': request.idempotencyKey },
    signal: control.signal,
  });
  return parseChatCompletion(raw, request.endpoint.model);
}

async function streamed(
  client: OpenAI,
  request: CompletionRequest,
  onDelta: (text: string) => void,
  control: AttemptControl,
): Promise<ChatAnswer> {
  const body = {
    ...chatRequestBody(request),
    stream: true as const,
    stream_options: { include_usage: true },
  };
  const stream = await client.chat.completions.create(body, {
    headers: { 'Idempotency-Key': request.idempotencyKey },
    signal: control.signal,
  });
  const assembly = new StreamAssembly();
  control.rearm();
  for await (const chunk of stream) {
    control.rearm();
    const piece = assembly.add(chunk);
    if (piece === '') continue;
    control.commit();
    onDelta(piece);
  }
  // The client ends a stream quietly when its signal aborts: say why it ended.
  control.signal.throwIfAborted();
  return assembly.result(request.endpoint.model);
}

/** Reads the key (at call time) and makes the attempt plan for one call to `endpoint`. */
async function prepare(endpoint: EngineEndpoint, signal: AbortSignal | undefined, backoff: BackoffSettings) {
  const secret =
    endpoint.apiKeyFile === null ? null : await readSecretFile(endpoint.apiKeyFile, endpoint.name);
  const plan: AttemptPlan = {
    engine: endpoint.name,
    timeoutMs: endpoint.timeoutMs,
    maxRetries: endpoint.maxRetries,
    secret,
    signal,
    backoff,
  };
  return { client: clientFor(endpoint, secret), plan };
}

/**
 * The `CompletionEngine` for any OpenAI-compatible endpoint, on the official `openai` client. Per call: the API
 * key file is read and checked (`readSecretFile`); each attempt runs under `timeoutMs` (a stream's: without a
 * chunk); idempotent failures are retried up to `maxRetries` times with backoff (`runAttempts`, the one retry
 * loop: the client's is off), every attempt carrying the request's `Idempotency-Key`; a streamed call is not
 * retried once a delta has been passed on. Fails with `CompletionError`s only (`engineFailure.ts` maps them).
 */
export function createOpenAiCompatibleEngine(options: OpenAiCompatibleEngineOptions = {}): CompletionEngine {
  const backoff: BackoffSettings = {
    initialBackoffMs: options.initialBackoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 8000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  return {
    async complete(request: CompletionRequest): Promise<CompletionResponse> {
      const started = performance.now();
      const { client, plan } = await prepare(request.endpoint, request.signal, backoff);
      const { onDelta } = request;
      const { value, attempts } = await runAttempts(plan, (control) =>
        onDelta === undefined
          ? nonStreamed(client, request, control)
          : streamed(client, request, onDelta, control),
      );
      return { ...value, latencyMs: performance.now() - started, attempts };
    },
    async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
      const started = performance.now();
      const { endpoint, inputs } = request;
      const { client, plan } = await prepare(endpoint, request.signal, backoff);
      const { value, attempts } = await runAttempts(plan, async (control) => {
        const raw: unknown = await client.embeddings.create(
          { model: endpoint.model, input: [...inputs], encoding_format: 'float' },
          { headers: { 'Idempotency-Key': request.idempotencyKey }, signal: control.signal },
        );
        return parseEmbeddings(raw, inputs.length, endpoint.model);
      });
      return { ...value, latencyMs: performance.now() - started, attempts };
    },
  };
}
