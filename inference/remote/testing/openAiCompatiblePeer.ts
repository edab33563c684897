import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { completionObject, sendJson, sendStream, streamChunks, type AnswerFraming } from './peerAnswers.js';
import { base64Embedding, chatAnswer, embeddingOf, wordsOf, type PeerReply } from './peerReplies.js';

/**
 * A small, faithful OpenAI-compatible HTTP server for tests and benchmarks: a REAL server on 127.0.0.1 (port 0)
 * that follows the public API (`POST /v1/chat/completions` with and without `stream`, `POST /v1/embeddings`,
 * `GET /v1/models`, error bodies `{ error: { message, type, code } }`). Its answers are computed from the request
 * (rules in `peerReplies.ts`), and faults can be scripted for the next requests. It knows nothing of MIR.
 */

/** Misbehaviour for one request. */
export type PeerFault =
  /** Never answers (the connection stays open until the client gives up or the peer closes). */
  | { readonly kind: 'hang' }
  /** Drops the connection without an answer (a connection reset). */
  | { readonly kind: 'reset' }
  /** 200 with a body that is not the API's answer (default: an HTML page). */
  | { readonly kind: 'garbage'; readonly body?: string; readonly contentType?: string }
  /** An OpenAI-format error with this status (and `retry-after` header when given). */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** The answer stops half-way: a stream without finish and without `[DONE]`, or half a JSON body. */
  | { readonly kind: 'cut' }
  /** Waits `ms` before each chunk from index `fromChunk` on (default 1: between all chunks). */
  | { readonly kind: 'slow'; readonly ms: number; readonly fromChunk?: number }
  /** Waits `ms` before answering. */
  | { readonly kind: 'delay'; readonly ms: number };

export interface OpenAiCompatiblePeerOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  readonly apiKey?: string;
  /** The model id answers report (default: the one requested). */
  readonly reportedModel?: string;
  /** A fixed answer to every chat request (default: the rule in `peerReplies.ts`). */
  readonly reply?: PeerReply;
  /** Embedding dimension (default 8). */
  readonly embeddingDimension?: number;
  /** Lists embeddings last input first (each still carries its `index`, which is all the API promises). */
  readonly reverseEmbeddings?: boolean;
  /** `GET /v1/models` lists these (default `['peer-model']`). */
  readonly models?: readonly string[];
}

/** A request as the peer received it. */
export interface PeerRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case names, as node:http gives them (`idempotency-key`, `authorization`). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, or null (none, or not JSON). */
  readonly body: Record<string, unknown> | null;
}

export interface OpenAiCompatiblePeer {
  /** `http://127.0.0.1:<port>/v1`, what a client takes as its base URL. */
  readonly baseUrl: string;
  /** Every request received, in order, faulted ones included. */
  readonly requests: readonly PeerRequest[];
  /** Applies `fault` to each of the next `times` requests (default 1), after any already scripted. */
  script(fault: PeerFault, times?: number): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Readonly<Record<number, readonly [string, string]>> = {
  400: ['invalid_request_error', 'invalid_request'],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'unknown_url'],
  429: ['requests', 'rate_limit_exceeded'],
};

async function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  retryAfter?: string,
): Promise<void> {
  const [type, code] = ERROR_TYPES[status] ?? ['server_error', 'server_error'];
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
  await sendJson(response, status, { error: { message, type, param: null, code } }, undefined, headers);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  try {
    const value: unknown = JSON.parse(Buffer.concat(parts).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Starts the peer. */
export async function startOpenAiCompatiblePeer(
  options: OpenAiCompatiblePeerOptions = {},
): Promise<OpenAiCompatiblePeer> {
  const requests: PeerRequest[] = [];
  const faults: PeerFault[] = [];
  let answered = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value[0] : value,
        ]),
      );
      requests.push({ method: request.method ?? 'GET', path, headers, body });
      const fault = faults.shift();
      answered += 1;
      await answer({ request, response, path, body, fault, id: answered, options });
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (fault, times = 1) => {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Misbehaviour = Pick<AnswerFraming, 'cut' | 'chunkDelayMs' | 'slowFromChunk'>;

interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly path: string;
  readonly body: Record<string, unknown> | null;
  readonly fault: PeerFault | undefined;
  readonly id: number;
  readonly options: OpenAiCompatiblePeerOptions;
}

async function answer(exchange: Exchange): Promise<void> {
  const { request, response, fault, options } = exchange;
  if (fault?.kind === 'hang') return;
  if (fault?.kind === 'reset') {
    request.socket.destroy();
    return;
  }
  if (fault?.kind === 'delay') await sleep(fault.ms);
  if (fault?.kind === 'garbage') {
    response.writeHead(200, { 'content-type': fault.contentType ?? 'text/html' });
    response.end(fault.body ?? '<html><body><h1>502 Bad Gateway</h1></body></html>');
    return;
  }
  if (fault?.kind === 'status') {
    await sendError(response, fault.status, `scripted failure (${fault.status})`, fault.retryAfter);
    return;
  }
  const presented = request.headers.authorization;
  if (options.apiKey !== undefined && presented !== `Bearer ${options.apiKey}`) {
    // Like OpenAI's own answer, it names the key it was given: a client must never pass this text on.
    const given = presented?.replace(/^Bearer /, '') ?? '';
    await sendError(response, 401, `Incorrect API key provided: ${given}.`);
    return;
  }
  await route(exchange, {
    cut: fault?.kind === 'cut',
    chunkDelayMs: fault?.kind === 'slow' ? fault.ms : 0,
    slowFromChunk: fault?.kind === 'slow' ? (fault.fromChunk ?? 1) : 1,
  });
}

async function route(exchange: Exchange, misbehaviour: Misbehaviour) {
  const { request, response, path, body } = exchange;
  const key = `${request.method ?? ''} ${path}`;
  if (key === 'GET /v1/models') {
    const data = (exchange.options.models ?? ['peer-model']).map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'openai-compatible-peer',
    }));
    return sendJson(response, 200, { object: 'list', data });
  }
  if (key === 'POST /v1/chat/completions') return chat(exchange, misbehaviour);
  if (key === 'POST /v1/embeddings') return embeddings(exchange);
  if (body === null && request.method === 'POST') return sendError(response, 400, 'The body is not JSON.');
  return sendError(response, 404, `Unknown request URL: ${key}.`);
}

async function chat(exchange: Exchange, misbehaviour: Misbehaviour) {
  const { response, body, options } = exchange;
  if (body === null || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    return sendError(response, 400, "The request needs 'model' and 'messages'.");
  }
  const messages = body.messages as { role?: unknown; content?: unknown }[];
  const answer = chatAnswer({ messages, max_tokens: body.max_tokens }, options.reply);
  const framing: AnswerFraming = {
    id: `chatcmpl-peer-${exchange.id}`,
    created: 1_700_000_000 + exchange.id,
    model: options.reportedModel ?? body.model,
    ...misbehaviour,
  };
  if (body.stream !== true) return sendJson(response, 200, completionObject(answer, framing), framing);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  const chunks = streamChunks(answer, framing, streamOptions?.include_usage === true);
  return sendStream(response, chunks, framing);
}

async function embeddings(exchange: Exchange) {
  const { response, body, options } = exchange;
  const input = body?.input;
  const inputs = typeof input === 'string' ? [input] : input;
  if (
    typeof body?.model !== 'string' ||
    !Array.isArray(inputs) ||
    !inputs.every((i) => typeof i === 'string')
  ) {
    return sendError(response, 400, "The request needs 'model' and 'input' (a string or strings).");
  }
  const dimension = options.embeddingDimension ?? 8;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((text, index) => {
    const vector = embeddingOf(text, dimension);
    return { object: 'embedding', index, embedding: base64 ? base64Embedding(vector) : vector };
  });
  const tokens = inputs.reduce((sum, text) => sum + wordsOf(text).length, 0);
  return sendJson(response, 200, {
    object: 'list',
    data: options.reverseEmbeddings === true ? data.reverse() : data,
    model: options.reportedModel ?? body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
