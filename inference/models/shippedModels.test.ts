import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { MANIFEST_FILE } from './modelManifest.js';
import {
  readShippedManifest,
  shippedModelPath,
  shippedModelsDirectory,
  shippedModelsDirectoryFrom,
} from './shippedModels.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const generated = join(repositoryRoot, 'inference', 'models', 'generated');

describe('shippedModelsDirectory', () => {
  it('given the source module, then <root>/inference/models/generated', () => {
    expect(shippedModelsDirectory()).toBe(generated);
  });

  it('given the built module’s folder (dist/inference/models), then the same source folder', () => {
    // tsc does not copy .onnx and .json files into dist, so the built code must look in the source tree
    expect(shippedModelsDirectoryFrom(join(repositoryRoot, 'dist', 'inference', 'models'))).toBe(generated);
  });

  it('given a folder with no package.json above it, then an error', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mir-no-package-'));
    try {
      expect(() => shippedModelsDirectoryFrom(folder)).toThrow(/no package\.json/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('readShippedManifest', () => {
  it('given the committed manifest, then both models with their featurizer spec and existing files', async () => {
    const manifest = await readShippedManifest();
    expect(manifest.models.map((model) => [model.name, model.version])).toEqual([
      ['risk-classifier', '2'],
      ['text-embedder', '1'],
    ]);
    // The classifier reads the v2 normal form; the embedder stays on v1 so stored memory embeddings still match.
    expect(manifest.models.map((model) => model.featurizer.version)).toEqual([2, 1]);
    for (const model of manifest.models) {
      expect(model.featurizer).toMatchObject({ kind: 'hashed-tokens', dimensions: 4096, input: 'features' });
      expect(existsSync(shippedModelPath(model))).toBe(true);
    }
    // The classifier's held-out split spans both corpora; the embedder learns no labels and has no metrics.
    const heldOut = manifest.corpus.heldOutExamples + manifest.toolRequestCorpus.heldOutExamples;
    expect(manifest.models[0]?.metrics?.heldOut.examples).toBe(heldOut);
    expect(manifest.models[0]?.metrics?.heldOutAdversarial.examples).toBe(heldOut * 7);
    expect(manifest.models[1]?.metrics).toBeUndefined();
  });

  it('given a manifest with a malformed hash, then it is refused', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mir-manifest-'));
    try {
      const manifest = await readShippedManifest();
      const broken = { ...manifest, models: [{ ...manifest.models[0], sha256: 'not-a-hash' }] };
      writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(broken));
      await expect(readShippedManifest(folder)).rejects.toThrow(/sha256/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
