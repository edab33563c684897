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

/**
 * Resolves memory provenance: which event ids name events the ledger holds for a tenant. Another tenant's event
 * must be answered exactly like an unknown id (absent from the set), so a proposal cannot probe for it.
 */
export interface SourceEvents {
  /**
   * Of `eventIds`, those naming an event of `tenant` that is already in the ledger, including one appended just
   * before the call (read-your-writes). Rejects when that cannot be established: the command then fails with
   * that error rather than trusting or refusing ids it could not check.
   */
  existing(tenant: string, eventIds: readonly string[]): Promise<ReadonlySet<string>>;
}
