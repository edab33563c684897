import type { GraphDefinition } from '../onnx/onnxGraph.js';
import { ONNX_FLOAT } from '../onnx/onnxGraph.js';
import { hashedTokenRows } from '../text/index.js';
import { TEXT_EMBEDDER_FEATURIZER } from './shippedFeaturizers.js';
import { toSparseRow } from './sparseRows.js';
import type { SparseRow } from './sparseRows.js';
import { truncatedSvd } from './truncatedSvd.js';
import type { TruncatedSvdOptions } from './truncatedSvd.js';

export const TEXT_EMBEDDER_NAME = 'text-embedder';
export const TEXT_EMBEDDER_VERSION = '1';

/**
 * 128 components: on the paraphrase checks 96 lost a pair that raw features get right, 128 kept them all and
 * widened the margin. 15 iterations give the same margins as 60 (the subspace has settled).
 */
export const EMBEDDER_SVD: TruncatedSvdOptions = {
  rank: 128,
  oversampling: 16,
  iterations: 15,
  seed: 0x454d4244,
};

export interface TrainedTextEmbedder {
  /** D×K row-major float32: `projection[d·K + k]` = idf[d] · v_k[d]. */
  readonly projection: Float32Array;
  readonly components: number;
  readonly singularValues: readonly number[];
}

/**
 * Latent semantic analysis over the corpus' texts (all of them: the embedder learns no labels). Each featurized
 * row is weighted per bucket by smoothed IDF, idf[d] = ln((1 + n) / (1 + df[d])) + 1 with df[d] the number of
 * texts touching bucket d, so words common to every prompt count less; the truncated SVD of that n×D matrix
 * gives K directions v_k. Serving computes normalise(x · diag(idf) · V), so idf is folded into the projection.
 */
export function trainTextEmbedder(texts: readonly string[]): TrainedTextEmbedder {
  const dimensions = TEXT_EMBEDDER_FEATURIZER.dimensions;
  const rows = hashedTokenRows(texts, dimensions, TEXT_EMBEDDER_FEATURIZER.version).map(toSparseRow);
  const idf = inverseDocumentFrequency(rows, dimensions);
  const weighted = rows.map((row) => ({
    indices: row.indices,
    values: row.values.map((value, entry) => value * (idf[row.indices[entry] as number] as number)),
  }));
  const svd = truncatedSvd(weighted, dimensions, EMBEDDER_SVD);
  const components = svd.vectors.length;
  const projection = new Float32Array(dimensions * components);
  svd.vectors.forEach((vector, component) => {
    vector.forEach((value, index) => {
      projection[index * components + component] = (idf[index] as number) * value;
    });
  });
  return { projection, components, singularValues: svd.singularValues };
}

function inverseDocumentFrequency(rows: readonly SparseRow[], dimensions: number): Float64Array {
  const documentFrequency = new Float64Array(dimensions);
  for (const row of rows) {
    for (const index of row.indices) documentFrequency[index] = (documentFrequency[index] as number) + 1;
  }
  return documentFrequency.map((frequency) => Math.log((1 + rows.length) / (1 + frequency)) + 1);
}

/**
 * features float32 [batch, D] → MatMul(P) → LpNormalization(p 2, axis −1) → embedding float32 [batch, K].
 * ONNX Runtime's LpNormalization leaves an all-zero row all zeros (no division by zero, no NaN): a text with no
 * known tokens embeds to the zero vector, similar to nothing.
 */
export function textEmbedderGraph(embedder: TrainedTextEmbedder, description: string): GraphDefinition {
  const dimensions = embedder.projection.length / embedder.components;
  const input = TEXT_EMBEDDER_FEATURIZER.input;
  return {
    name: TEXT_EMBEDDER_NAME,
    docString: description,
    metadata: { 'mir.featurizer': JSON.stringify(TEXT_EMBEDDER_FEATURIZER) },
    inputs: [{ name: input, elementType: ONNX_FLOAT, shape: ['batch', dimensions] }],
    outputs: [{ name: 'embedding', elementType: ONNX_FLOAT, shape: ['batch', embedder.components] }],
    initializers: [
      { name: 'projection', dims: [dimensions, embedder.components], values: embedder.projection },
    ],
    nodes: [
      { opType: 'MatMul', inputs: [input, 'projection'], outputs: ['projected'] },
      {
        opType: 'LpNormalization',
        inputs: ['projected'],
        outputs: ['embedding'],
        attributes: { axis: -1, p: 2 },
      },
    ],
  };
}
