import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { contentPieces, type PeerAnswer } from './peerReplies.js';

/** How one chat answer is sent: the names and framing the public API uses, and the scripted misbehaviour. */
export interface AnswerFraming {
  readonly id: string;
  readonly created: number;
  /** The model id reported (may differ from the requested one). */
  readonly model: string;
  /** Sends half the answer and ends the response (no finish, no `[DONE]`). */
  readonly cut: boolean;
  /** Waits this long between chunks (a non-streamed body is sent in two halves with one wait). */
  readonly chunkDelayMs: number;
  /** The first chunk waited for (1: every gap). */
  readonly slowFromChunk: number;
}

type Chunk = Record<string, unknown>;

/** A chat completion as `POST /v1/chat/completions` answers it without `stream`. */
export function completionObject(answer: PeerAnswer, framing: AnswerFraming): Chunk {
  const toolCalls =
    answer.toolCall === null
      ? {}
      : {
          tool_calls: [
            {
              id: answer.toolCall.id,
              type: 'function',
              function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments },
            },
          ],
        };
  return {
    id: framing.id,
    object: 'chat.completion',
    created: framing.created,
    model: framing.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.content, refusal: null, ...toolCalls },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
  };
}

function deltas(answer: PeerAnswer): Chunk[] {
  const first: Chunk = { role: 'assistant', content: answer.content === null ? null : '' };
  if (answer.toolCall === null) {
    return [first, ...contentPieces(answer.content ?? '').map((content) => ({ content }))];
  }
  const { id, name, arguments: args } = answer.toolCall;
  const opening = { index: 0, id, type: 'function', function: { name, arguments: '' } };
  const pieces = contentPieces(args).map((piece) => ({
    tool_calls: [{ index: 0, function: { arguments: piece } }],
  }));
  return [{ ...first, tool_calls: [opening] }, ...pieces];
}

/** The `chat.completion.chunk`s of a streamed answer, the usage chunk included when asked for. */
export function streamChunks(answer: PeerAnswer, framing: AnswerFraming, includeUsage: boolean): Chunk[] {
  const frame = (choices: Chunk[], extra: Chunk = {}): Chunk => ({
    id: framing.id,
    object: 'chat.completion.chunk',
    created: framing.created,
    model: framing.model,
    choices,
    ...(includeUsage ? { usage: null } : {}),
    ...extra,
  });
  const chunks = deltas(answer).map((delta) =>
    frame([{ index: 0, delta, logprobs: null, finish_reason: null }]),
  );
  chunks.push(frame([{ index: 0, delta: {}, logprobs: null, finish_reason: answer.finishReason }]));
  if (includeUsage) chunks.push(frame([], { usage: answer.usage }));
  return chunks;
}

/** Sends a streamed answer as server-sent events: `data: <chunk>\n\n` each, then `data: [DONE]\n\n`. */
export async function sendStream(
  response: ServerResponse,
  chunks: readonly Chunk[],
  framing: AnswerFraming,
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // A cut stream stops before the finish: half of the chunks that carry content.
  const sent = framing.cut ? chunks.slice(0, Math.max(1, Math.floor((chunks.length - 1) / 2))) : chunks;
  for (const [i, chunk] of sent.entries()) {
    if (i >= Math.max(1, framing.slowFromChunk) && framing.chunkDelayMs > 0)
      await sleep(framing.chunkDelayMs);
    if (response.destroyed) return;
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  response.end(framing.cut ? undefined : 'data: [DONE]\n\n');
}

/** Sends a JSON answer; a cut one stops half-way, a slow one waits between its two halves. */
export async function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  framing: Pick<AnswerFraming, 'cut' | 'chunkDelayMs'> = { cut: false, chunkDelayMs: 0 },
  headers: Record<string, string> = {},
): Promise<void> {
  const body = JSON.stringify(value);
  const half = Math.floor(body.length / 2);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  if (framing.cut) {
    response.end(body.slice(0, half));
    return;
  }
  if (framing.chunkDelayMs === 0) {
    response.end(body);
    return;
  }
  response.write(body.slice(0, half));
  await sleep(framing.chunkDelayMs);
  if (!response.destroyed) response.end(body.slice(half));
}
