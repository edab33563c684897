import type {
  EngineModel,
  FeaturizerSpec,
  InferenceEngine,
  RiskScore,
  RiskScorer,
} from '../../domain/index.js';
import { textFeaturizer } from '../../inference/index.js';
import { shippedEngineModel } from '../../inference/models/index.js';

/**
 * A model as a policy evaluator: the shipped `risk-classifier` scores the text rendering of a tool request
 * (P(risky), output `probabilities[1]`) through the inference engine, which hash-checks the file it loads. The
 * model's name, version and sha256 are returned with every score, so each `PolicyDecided` names the model.
 */
export class ModelRiskScorer implements RiskScorer {
  readonly #engine: InferenceEngine;
  readonly #model: EngineModel;
  readonly #spec: FeaturizerSpec;

  constructor(engine: InferenceEngine, model: EngineModel, spec: FeaturizerSpec) {
    this.#engine = engine;
    this.#model = model;
    this.#spec = spec;
  }

  static async shipped(engine: InferenceEngine): Promise<ModelRiskScorer> {
    const { model, featurizer } = await shippedEngineModel('risk-classifier');
    return new ModelRiskScorer(engine, model, featurizer);
  }

  async score(text: string): Promise<RiskScore> {
    const features = textFeaturizer.featurize(this.#spec, [text]);
    const result = await this.#engine.run({ model: this.#model, inputs: [features] });
    const probabilities = result.outputs.find((output) => output.name === 'probabilities');
    const risky = probabilities?.data[1];
    if (typeof risky !== 'number') throw new Error('risk-classifier returned no probabilities');
    const { name, version, sha256 } = this.#model;
    return { score: risky, model: { name, version, sha256 } };
  }
}
