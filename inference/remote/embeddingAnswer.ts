import type { EmbeddingResponse } from '../../domain/index.js';
import { isObject, tokenUsage } from './chatAnswer.js';
import { MalformedAnswer } from './engineFailure.js';

/** What an embeddings answer says, before the call adds latency and attempts. */
export type EmbeddingAnswer = Omit<EmbeddingResponse, 'latencyMs' | 'attempts'>;

/**
 * Reads a `/embeddings` answer (`encoding_format: "float"`): one vector per input, put in input order by each
 * entry's `index` (the API does not promise the order of `data`). Throws `MalformedAnswer` otherwise.
 */
export function parseEmbeddings(body: unknown, inputs: number, requestedModel: string): EmbeddingAnswer {
  const data = isObject(body) && Array.isArray(body.data) ? (body.data as unknown[]) : null;
  if (data === null || data.length !== inputs) {
    throw new MalformedAnswer(`sent ${data === null ? 'no' : data.length} embeddings for ${inputs} inputs`);
  }
  const vectors: (readonly number[] | undefined)[] = new Array<undefined>(inputs);
  for (const entry of data) {
    const vector = isObject(entry) ? entry.embedding : undefined;
    const index = isObject(entry) ? entry.index : undefined;
    if (typeof index !== 'number' || index < 0 || index >= inputs || vectors[index] !== undefined) {
      throw new MalformedAnswer('sent embeddings whose indexes are not one per input');
    }
    if (!Array.isArray(vector) || !vector.every((value) => typeof value === 'number')) {
      throw new MalformedAnswer('sent an embedding that is not a list of numbers');
    }
    vectors[index] = vector;
  }
  return {
    vectors: vectors as (readonly number[])[],
    usage: tokenUsage(isObject(body) ? body.usage : undefined),
    model: isObject(body) && typeof body.model === 'string' ? body.model : requestedModel,
  };
}
