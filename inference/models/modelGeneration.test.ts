import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildOnnxModel } from '../onnx/onnxGraph.js';
import { MANIFEST_FILE, shippedManifestSchema } from './modelManifest.js';
import {
  RISK_CLASSIFIER_DESCRIPTION,
  buildShippedModels,
  sha256Hex,
  writeShippedModels,
} from './modelGeneration.js';
import { riskClassifierGraph, trainRiskClassifier } from './riskClassifier.js';
import { classifierExamples, parseRiskCorpus, riskCorpusPath, toolRequestCorpusPath } from './riskCorpus.js';
import { shippedModelsDirectory } from './shippedModels.js';

describe('model generation', () => {
  const committed = shippedModelsDirectory();
  const temporary = mkdtempSync(join(tmpdir(), 'mir-models-'));
  afterAll(() => rmSync(temporary, { recursive: true, force: true }));

  const corpusBytes = readFileSync(riskCorpusPath());
  const toolRequestBytes = readFileSync(toolRequestCorpusPath());
  const texts = { corpus: corpusBytes.toString('utf8'), toolRequests: toolRequestBytes.toString('utf8') };
  // Given the committed corpora, when the models are regenerated into a fresh folder
  beforeAll(() => writeShippedModels(temporary, buildShippedModels(texts)));

  it('then every file is byte-identical to the committed one, and no other file is written', () => {
    const written = readdirSync(temporary).sort();
    expect(written).toEqual(['manifest.json', 'risk-classifier.onnx', 'text-embedder.onnx']);
    for (const file of written) {
      const hint = `${file} differs from a fresh generation: run npm run models and commit the result`;
      expect(sha256Hex(readFileSync(join(temporary, file))), hint).toBe(
        sha256Hex(readFileSync(join(committed, file))),
      );
    }
  });

  it('then the manifest records each file’s real size and SHA-256, and both corpora’s SHA-256', () => {
    const manifest = shippedManifestSchema.parse(
      JSON.parse(readFileSync(join(committed, MANIFEST_FILE), 'utf8')),
    );
    for (const model of manifest.models) {
      const bytes = readFileSync(join(committed, model.file));
      expect({ size: model.size, sha256: model.sha256 }).toEqual({
        size: bytes.length,
        sha256: sha256Hex(bytes),
      });
    }
    expect(manifest.corpus.sha256).toBe(sha256Hex(corpusBytes));
    expect(manifest.toolRequestCorpus.sha256).toBe(sha256Hex(toolRequestBytes));
  });

  it('then a changed corpus changes the classifier bytes (the comparison above can fail)', () => {
    const changed = `${texts.toolRequests}risky\tcall tool db.query version 1 with {"sql":"DELETE FROM payroll"}\n`;
    const retrained = trainRiskClassifier(
      classifierExamples(parseRiskCorpus(texts.corpus), parseRiskCorpus(changed)),
    );
    const bytes = buildOnnxModel(riskClassifierGraph(retrained.model, RISK_CLASSIFIER_DESCRIPTION));
    expect(sha256Hex(bytes)).not.toBe(sha256Hex(readFileSync(join(committed, 'risk-classifier.onnx'))));
  });

  it('then the embedder is trained on the risk corpus alone: other tool requests leave its bytes as they are', () => {
    const fewer = texts.toolRequests.split('\n').slice(0, 3).join('\n');
    const generated = buildShippedModels({ ...texts, toolRequests: `${fewer}\n` });
    const embedder = generated.files.find((file) => file.file === 'text-embedder.onnx');
    expect(sha256Hex(embedder?.bytes ?? new Uint8Array())).toBe(
      sha256Hex(readFileSync(join(committed, 'text-embedder.onnx'))),
    );
  });
});
