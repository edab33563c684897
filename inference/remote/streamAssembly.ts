import type { ChatToolCall } from '../../domain/index.js';
import { isObject, tokenUsage, type ChatAnswer } from './chatAnswer.js';
import { MalformedAnswer } from './engineFailure.js';

interface PartialCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Joins the `chat.completion.chunk`s of one streamed answer into the whole answer: content pieces in order,
 * tool-call pieces by their `index`, the finish reason, the usage chunk (`stream_options.include_usage`) and the
 * reported model. `result()` throws `MalformedAnswer` for a stream that ended without a finish reason.
 */
export class StreamAssembly {
  #content = '';
  readonly #calls = new Map<number, PartialCall>();
  #finishReason: string | null = null;
  #usage: ChatAnswer['usage'] = null;
  #model: string | null = null;

  /** Takes one chunk; returns its content piece ('' when none). */
  add(chunk: unknown): string {
    if (!isObject(chunk)) throw new MalformedAnswer('sent a stream chunk that is not an object');
    if (typeof chunk.model === 'string') this.#model = chunk.model;
    const usage = tokenUsage(chunk.usage);
    if (usage !== null) this.#usage = usage;
    const [choice] = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    if (!isObject(choice)) return '';
    if (typeof choice.finish_reason === 'string') this.#finishReason = choice.finish_reason;
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (Array.isArray(delta.tool_calls)) for (const piece of delta.tool_calls) this.#addCallPiece(piece);
    const piece = typeof delta.content === 'string' ? delta.content : '';
    this.#content += piece;
    return piece;
  }

  #addCallPiece(piece: unknown): void {
    if (!isObject(piece) || typeof piece.index !== 'number') {
      throw new MalformedAnswer('sent a tool-call piece without index');
    }
    const call = this.#calls.get(piece.index) ?? { id: '', name: '', arguments: '' };
    const fn = isObject(piece.function) ? piece.function : {};
    if (typeof piece.id === 'string') call.id = piece.id;
    if (typeof fn.name === 'string') call.name += fn.name;
    if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
    this.#calls.set(piece.index, call);
  }

  /** The whole answer; `requestedModel` when no chunk named one. */
  result(requestedModel: string): ChatAnswer {
    if (this.#finishReason === null) throw new MalformedAnswer('ended its stream without a finish reason');
    const toolCalls: ChatToolCall[] = [...this.#calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ ...call }));
    return {
      content: this.#content,
      toolCalls,
      finishReason: this.#finishReason,
      usage: this.#usage,
      model: this.#model ?? requestedModel,
    };
  }
}
