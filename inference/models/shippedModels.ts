import type { EngineModel, FeaturizerSpec } from '../../domain/index.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { MANIFEST_FILE, shippedManifestSchema } from './modelManifest.js';
import type { ShippedModelEntry, ShippedModelManifest } from './modelManifest.js';
import { SHIPPED_MODELS_FOLDER, repositoryRootFrom } from './repositoryPaths.js';

/**
 * Absolute path of `<repository root>/inference/models/generated`, the folder holding the shipped `.onnx` files
 * and `manifest.json`. The root is the nearest folder above this module that holds a `package.json`, so the
 * answer is the same from the TypeScript source (`inference/models/`) and from the build
 * (`dist/inference/models/`): tsc does not copy the model files into `dist`, they are only in the source tree.
 * Throws when no `package.json` is found above the module.
 */
export function shippedModelsDirectory(): string {
  return shippedModelsDirectoryFrom(fileURLToPath(new URL('.', import.meta.url)));
}

/** `shippedModelsDirectory` as seen from `folder`: walks up from it to the nearest `package.json`. */
export function shippedModelsDirectoryFrom(folder: string): string {
  return join(repositoryRootFrom(folder), SHIPPED_MODELS_FOLDER);
}

/**
 * Reads and validates `manifest.json` (throws a ZodError when it does not match the schema, a Node error when it
 * is missing). Does not check the model files' hashes: the model registry does that on registration.
 */
export async function readShippedManifest(
  directory: string = shippedModelsDirectory(),
): Promise<ShippedModelManifest> {
  const text = await readFile(join(directory, MANIFEST_FILE), 'utf8');
  return shippedManifestSchema.parse(JSON.parse(text));
}

/** Absolute path of an entry's model file. */
export function shippedModelPath(
  entry: ShippedModelEntry,
  directory: string = shippedModelsDirectory(),
): string {
  return join(directory, entry.file);
}

/**
 * A shipped model as the engine loads it (name, version, the manifest's sha256 the engine checks the file
 * against, its path) and the featurizer it was trained with.
 */
export async function shippedEngineModel(
  name: string,
  directory: string = shippedModelsDirectory(),
): Promise<{ model: EngineModel; featurizer: FeaturizerSpec }> {
  const entry = (await readShippedManifest(directory)).models.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`${name} is missing from the shipped manifest`);
  const { version, sha256, featurizer } = entry;
  return { model: { name, version, sha256, location: shippedModelPath(entry, directory) }, featurizer };
}
