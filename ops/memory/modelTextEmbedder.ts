import type {
  EmbeddingModel,
  EngineModel,
  Featurizer,
  FeaturizerSpec,
  InferenceEngine,
  TextEmbedder,
  TextEmbeddings,
} from '../../domain/index.js';
import { textFeaturizer } from '../../inference/index.js';
import { shippedEngineModel } from '../../inference/models/index.js';

/** Texts per engine call: the featurizer's limit, and 256 × 128 floats stays under the engine's output cap. */
const BATCH = 256;
const OUTPUT = 'embedding';

/**
 * The `TextEmbedder` port over an inference engine: texts → featurizer (the very code the model was trained
 * with) → `engine.run` → one L2-normalised row per text. The model's name, version and sha256 come back with
 * every result, so recorded vectors say which model made them.
 */
export class ModelTextEmbedder implements TextEmbedder {
  readonly #engine: InferenceEngine;
  readonly #model: EngineModel;
  readonly #spec: FeaturizerSpec;
  readonly #featurizer: Featurizer;

  constructor(
    engine: InferenceEngine,
    model: EngineModel,
    spec: FeaturizerSpec,
    featurizer: Featurizer = textFeaturizer,
  ) {
    this.#engine = engine;
    this.#model = model;
    this.#spec = spec;
    this.#featurizer = featurizer;
  }

  /** The shipped `text-embedder` from `inference/models/generated` (hash-checked by the engine on load). */
  static async shipped(engine: InferenceEngine): Promise<ModelTextEmbedder> {
    const { model, featurizer } = await shippedEngineModel('text-embedder');
    return new ModelTextEmbedder(engine, model, featurizer);
  }

  get model(): EmbeddingModel {
    const { name, version, sha256 } = this.#model;
    return { name, version, sha256 };
  }

  async embed(texts: readonly string[]): Promise<TextEmbeddings> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += BATCH) {
      const inputs = [this.#featurizer.featurize(this.#spec, texts.slice(start, start + BATCH))];
      const { outputs } = await this.#engine.run({ model: this.#model, inputs });
      const output = outputs.find((tensor) => tensor.name === OUTPUT);
      if (output === undefined || output.dims.length !== 2)
        throw new Error(`the model returned no ${OUTPUT} matrix`);
      const [rows, columns] = output.dims as [number, number];
      const data = output.data as readonly number[];
      for (let row = 0; row < rows; row++)
        vectors.push(Float32Array.from(data.slice(row * columns, (row + 1) * columns)));
    }
    return { model: this.model, vectors };
  }
}
