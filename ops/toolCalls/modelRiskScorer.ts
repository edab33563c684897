import type {
  EngineModel,
  FeaturizerSpec,
  InferenceEngine,
  RiskScore,
  RiskScoring,
  NamedTensor,
  RiskScorer,
} from '../../domain/index.js';
import { setTimeout as delay } from 'node:timers/promises';
import { hasErrorCode } from '../../domain/index.js';
import { textFeaturizer } from '../../inference/index.js';
import { shippedEngineModel } from '../../inference/models/index.js';
import {
  MAX_FEATURIZED_TEXTS,
  SCORING_WINDOW_STRIDE,
  SCORING_WINDOW_WORDS,
  scoringViews,
} from '../../inference/text/index.js';

/** Scores sent to the engine at once; the rest wait their turn (the engine's own queue stays free for apps). */
const DEFAULT_MAX_IN_FLIGHT = 32;
/** How long a score waits for room in a full engine queue before the call is decided unscored. */
const OVERLOAD_PATIENCE_MS = 10_000;

/**
 * A model as a policy evaluator: the shipped `risk-classifier` scores the text rendering of a tool request
 * (P(risky), output `probabilities[1]`) through the inference engine, which hash-checks the file it loads. The
 * score is the highest over the request's `scoringViews` (the whole text and its 32-word windows, base64 decoded
 * in place), so padding an instruction with benign text or encoding it does not dilute it. The model's name,
 * version and sha256 are returned with every score, with `scoring` saying it is a maximum over how many texts
 * and which kind won, so each `PolicyDecided` names the model and how it was applied.
 *
 * A burst of calls waits for the scorer (at most `maxInFlight` at the engine at once), and a score waits for room
 * when the engine's bounded queue is full: an `OVERLOADED` engine would leave calls unscored, and a flood must
 * not be a way to get decided without a risk score.
 */
export class ModelRiskScorer implements RiskScorer {
  readonly #engine: InferenceEngine;
  readonly #model: EngineModel;
  readonly #spec: FeaturizerSpec;
  readonly #maxInFlight: number;
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;

  constructor(
    engine: InferenceEngine,
    model: EngineModel,
    spec: FeaturizerSpec,
    maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {
    this.#engine = engine;
    this.#model = model;
    this.#spec = spec;
    this.#maxInFlight = maxInFlight;
  }

  static async shipped(engine: InferenceEngine): Promise<ModelRiskScorer> {
    const { model, featurizer } = await shippedEngineModel('risk-classifier');
    return new ModelRiskScorer(engine, model, featurizer);
  }

  async score(text: string): Promise<RiskScore> {
    const { views, decodedBase64 } = scoringViews(text);
    const risks: number[] = [];
    // A long text has more views than one featurizer call takes: each batch waits its own turn at the engine.
    for (let start = 0; start < views.length; start += MAX_FEATURIZED_TEXTS) {
      const batch = views.slice(start, start + MAX_FEATURIZED_TEXTS).map((view) => view.text);
      risks.push(...(await this.#risks(batch)));
    }
    const riskiest = risks.reduce((best, risk, index) => (risk > (risks[best] as number) ? index : best), 0);
    const windows = views.filter((view) => view.kind === 'window').length;
    const scoring: RiskScoring = {
      rule: 'max',
      views: views.length,
      windows,
      windowWords: SCORING_WINDOW_WORDS,
      windowStride: SCORING_WINDOW_STRIDE,
      decodedBase64,
      riskiest: views[riskiest]?.kind ?? 'text',
    };
    const { name, version, sha256 } = this.#model;
    return { score: risks[riskiest] as number, model: { name, version, sha256, scoring } };
  }

  /** P(risky) of each text, in order: column 1 of the `probabilities` output, one row per text. */
  async #risks(texts: readonly string[]): Promise<number[]> {
    const features = textFeaturizer.featurize(this.#spec, texts);
    const result = await this.#inTurn(() => this.#runPatiently(features));
    const probabilities = result.outputs.find((output) => output.name === 'probabilities');
    const risks = texts.map((_, row) => probabilities?.data[row * 2 + 1]);
    if (!risks.every((risk) => typeof risk === 'number'))
      throw new Error(`risk-classifier returned no probabilities for ${texts.length} texts`);
    return risks;
  }

  /** The engine's queue is shared with apps' inference: when it is full, wait for room (up to a deadline). */
  async #runPatiently(features: NamedTensor) {
    const deadline = Date.now() + OVERLOAD_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#engine.run({ model: this.#model, inputs: [features] });
      } catch (error) {
        if (!hasErrorCode(error, 'OVERLOADED') || Date.now() >= deadline) throw error;
        await delay(Math.min(2 * attempt, 50));
      }
    }
  }

  async #inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.#maxInFlight)
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#inFlight += 1;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next waiter (the count stays), or is given back.
      const next = this.#waiting.shift();
      if (next === undefined) this.#inFlight -= 1;
      else next();
    }
  }
}
