import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FeaturizerSpec } from '../../domain/index.js';
import { buildOnnxModel } from '../onnx/onnxGraph.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, manifestText } from './modelManifest.js';
import type { ShippedModelEntry, ShippedModelManifest } from './modelManifest.js';
import {
  RISK_CLASSIFIER_NAME,
  RISK_CLASSIFIER_VERSION,
  riskClassifierGraph,
  trainRiskClassifier,
} from './riskClassifier.js';
import { RISK_CORPUS_FILE, TOOL_REQUEST_CORPUS_FILE } from './repositoryPaths.js';
import { classifierExamples, parseRiskCorpus, splitRiskCorpus } from './riskCorpus.js';
import type { RiskExample } from './riskCorpus.js';
import { RISK_CLASSIFIER_FEATURIZER, TEXT_EMBEDDER_FEATURIZER } from './shippedFeaturizers.js';
import {
  TEXT_EMBEDDER_NAME,
  TEXT_EMBEDDER_VERSION,
  textEmbedderGraph,
  trainTextEmbedder,
} from './textEmbedder.js';

export const RISK_CLASSIFIER_DESCRIPTION =
  'Risk classifier: logistic regression over hashed-token v2 text features (invisible characters, leetspeak ' +
  'and confusables folded). probabilities = [P(benign), P(risky)], risk = P(risky); MIR scores a text as the ' +
  'highest risk over the whole text, its 32-word windows and its decoded base64 payloads. Trained ' +
  `deterministically on the hand-written corpora ${RISK_CORPUS_FILE} and ${TOOL_REQUEST_CORPUS_FILE} (tool ` +
  'requests as MIR renders them; training split only) and disguised copies of them.';

export const TEXT_EMBEDDER_DESCRIPTION =
  'Text embedder for memory similarity search: hashed-token text features projected on 128 IDF-weighted ' +
  `truncated-SVD (LSA) directions of ${RISK_CORPUS_FILE}, L2-normalised (an all-zero row stays zero).`;

export interface GeneratedFile {
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface GeneratedModels {
  /** The model files, then `manifest.json`. */
  readonly files: readonly GeneratedFile[];
  readonly manifest: ShippedModelManifest;
}

/** The two corpus files' text, as `npm run models` reads them. */
export interface CorpusTexts {
  /** `RISK_CORPUS_FILE`: both models train on it. */
  readonly corpus: string;
  /** `TOOL_REQUEST_CORPUS_FILE`: only the classifier trains on it. */
  readonly toolRequests: string;
}

/**
 * Trains both shipped models from the corpus texts and serialises them: a pure function of `texts`, so the
 * same corpora give the same bytes on every run and platform (float64 training in fixed order, deterministic
 * ONNX encoding). The embedder learns from `texts.corpus` alone, so tool requests added for the classifier leave
 * its bytes unchanged. Throws when a file is malformed or the two repeat a text (`classifierExamples`).
 */
export function buildShippedModels(texts: CorpusTexts): GeneratedModels {
  const corpus = parseRiskCorpus(texts.corpus);
  const toolRequests = parseRiskCorpus(texts.toolRequests);
  const classifier = trainRiskClassifier(classifierExamples(corpus, toolRequests));
  const classifierBytes = buildOnnxModel(riskClassifierGraph(classifier.model, RISK_CLASSIFIER_DESCRIPTION));
  const embedder = trainTextEmbedder(corpus.map((example) => example.text));
  const embedderBytes = buildOnnxModel(textEmbedderGraph(embedder, TEXT_EMBEDDER_DESCRIPTION));
  const classifierFile = `${RISK_CLASSIFIER_NAME}.onnx`;
  const embedderFile = `${TEXT_EMBEDDER_NAME}.onnx`;
  const manifest: ShippedModelManifest = {
    format: MANIFEST_FORMAT,
    corpus: corpusFile(RISK_CORPUS_FILE, texts.corpus, corpus),
    toolRequestCorpus: corpusFile(TOOL_REQUEST_CORPUS_FILE, texts.toolRequests, toolRequests),
    models: [
      {
        ...entry(
          RISK_CLASSIFIER_NAME,
          RISK_CLASSIFIER_VERSION,
          classifierFile,
          classifierBytes,
          RISK_CLASSIFIER_DESCRIPTION,
          RISK_CLASSIFIER_FEATURIZER,
        ),
        metrics: {
          train: { examples: classifier.train.examples, accuracy: classifier.train.accuracy },
          heldOut: classifier.heldOut,
          heldOutAdversarial: classifier.heldOutAdversarial,
        },
      },
      entry(
        TEXT_EMBEDDER_NAME,
        TEXT_EMBEDDER_VERSION,
        embedderFile,
        embedderBytes,
        TEXT_EMBEDDER_DESCRIPTION,
        TEXT_EMBEDDER_FEATURIZER,
      ),
    ],
  };
  return {
    files: [
      { file: classifierFile, bytes: classifierBytes },
      { file: embedderFile, bytes: embedderBytes },
      { file: MANIFEST_FILE, bytes: new TextEncoder().encode(manifestText(manifest)) },
    ],
    manifest,
  };
}

function corpusFile(file: string, tsv: string, examples: readonly RiskExample[]) {
  const sha256 = sha256Hex(new TextEncoder().encode(tsv));
  return {
    file,
    sha256,
    examples: examples.length,
    heldOutExamples: splitRiskCorpus(examples).heldOut.length,
  };
}

function entry(
  name: string,
  version: string,
  file: string,
  bytes: Uint8Array,
  description: string,
  spec: FeaturizerSpec,
): ShippedModelEntry {
  const featurizer = { ...spec };
  return { name, version, file, sha256: sha256Hex(bytes), size: bytes.length, description, featurizer };
}

/** Writes every generated file into `directory` (created if missing), replacing files of the same name. */
export function writeShippedModels(directory: string, generated: GeneratedModels): void {
  mkdirSync(directory, { recursive: true });
  for (const { file, bytes } of generated.files) writeFileSync(join(directory, file), bytes);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
