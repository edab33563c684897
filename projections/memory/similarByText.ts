import type { TextEmbedder } from '../../domain/index.js';
import type { MemoryFilter, MemoryQueries, SimilarMemory } from './memoryQueries.js';

/**
 * Similarity search from text: embeds `text` with the same embedder that recorded the memories' vectors at
 * proposal time, then ranks the filter's memories by cosine. Vectors from another embedder model are not compared.
 */
export async function similarMemoriesByText(
  queries: Pick<MemoryQueries, 'similarMemories'>,
  embedder: TextEmbedder,
  text: string,
  k: number,
  filter: MemoryFilter,
): Promise<SimilarMemory[]> {
  const { model, vectors } = await embedder.embed([text]);
  const [vector] = vectors;
  if (vector === undefined) return [];
  return queries.similarMemories({ filter, vector, modelSha256: model.sha256, k });
}
