import type { EmbeddingModel } from './memoryEvents.js';

/** Vectors for texts, one per text in order, each L2-normalised, with the model that computed them. */
export interface TextEmbeddings {
  readonly model: EmbeddingModel;
  readonly vectors: readonly Float32Array[];
}

/** Turns texts into embeddings (the shipped `text-embedder` in production). */
export interface TextEmbedder {
  embed(texts: readonly string[]): Promise<TextEmbeddings>;
}

/** Content digests, injected: the domain does no hashing I/O of its own. */
export interface ContentDigester {
  /** SHA-256 of the UTF-8 bytes of `text`, lowercase hex. */
  sha256(text: string): string;
}
