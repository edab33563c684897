import { createHash } from 'node:crypto';

/**
 * What the OpenAI-compatible peer answers, computed only from the request (no clock, no randomness), so a test
 * can predict every byte. Rules:
 * - default reply: `<chars> characters, <words> words: <the first 16 words>` of the last `user` message;
 * - tokens are whitespace-separated words: `prompt_tokens` counts the words of every message's content,
 *   `completion_tokens` those of the reply (a tool call counts its arguments' words);
 * - a reply longer than `max_tokens` words is cut to that many words with `finish_reason: "length"`;
 * - embeddings: unit vectors of a fixed dimension whose components come from SHA-256 of `<i>:<input>`.
 */

/** A scripted answer instead of the default one. */
export type PeerReply =
  { readonly text: string } | { readonly toolCall: { readonly name: string; readonly arguments: string } };

export interface PeerUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** The assistant's answer to one chat request, before it is framed as JSON or as SSE chunks. */
export interface PeerAnswer {
  /** Null when the answer is a tool call. */
  readonly content: string | null;
  readonly toolCall: { readonly id: string; readonly name: string; readonly arguments: string } | null;
  readonly finishReason: 'stop' | 'length' | 'tool_calls';
  readonly usage: PeerUsage;
}

interface ChatBody {
  readonly messages: readonly { readonly role?: unknown; readonly content?: unknown }[];
  readonly max_tokens?: unknown;
}

/** Whitespace-separated words of `text`. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : '';
}

function defaultText(body: ChatBody): string {
  const lastUser = [...body.messages].reverse().find((message) => message.role === 'user');
  const text = textOf(lastUser?.content);
  const words = wordsOf(text);
  return `${text.length} characters, ${words.length} words: ${words.slice(0, 16).join(' ')}`;
}

function usage(body: ChatBody, completionTokens: number): PeerUsage {
  const promptTokens = body.messages.reduce(
    (sum, message) => sum + wordsOf(textOf(message.content)).length,
    0,
  );
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** The answer to a chat request (`body.messages` already checked to be an array). */
export function chatAnswer(body: ChatBody, reply: PeerReply | undefined): PeerAnswer {
  if (reply !== undefined && 'toolCall' in reply) {
    const toolCall = { id: 'call_0', ...reply.toolCall };
    return {
      content: null,
      toolCall,
      finishReason: 'tool_calls',
      usage: usage(body, wordsOf(reply.toolCall.arguments).length),
    };
  }
  const words = wordsOf(reply === undefined ? defaultText(body) : reply.text);
  const limit = typeof body.max_tokens === 'number' ? body.max_tokens : Number.POSITIVE_INFINITY;
  const kept = words.slice(0, limit);
  return {
    content: kept.join(' '),
    toolCall: null,
    finishReason: kept.length < words.length ? 'length' : 'stop',
    usage: usage(body, kept.length),
  };
}

/** The pieces a streamed answer's content arrives in: one per word, spaces kept, joined they give `content`. */
export function contentPieces(content: string): string[] {
  return content.split(/(?<=\s)/).filter((piece) => piece.length > 0);
}

/** A deterministic unit vector for `input`. */
export function embeddingOf(input: string, dimension: number): number[] {
  const raw = Array.from({ length: dimension }, (_, i) => {
    const word = createHash('sha256').update(`${i}:${input}`).digest().readUInt32BE(0);
    return word / 0x7fffffff - 1;
  });
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => value / norm);
}

/** `vector` as the API's `encoding_format: "base64"` sends it: little-endian float32s, base64. */
export function base64Embedding(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}
