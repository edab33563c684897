import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The corpus, relative to the repository root (as the manifest records it). */
export const RISK_CORPUS_FILE = 'inference/models/corpus/risk-corpus.tsv';
/**
 * Tool requests as the gate renders them (`riskText`), labelled like the corpus, relative to the repository root.
 * The classifier trains on both files; the embedder on `RISK_CORPUS_FILE` only, so adding tool requests leaves
 * its bytes (and every stored memory embedding's model sha256) unchanged.
 */
export const TOOL_REQUEST_CORPUS_FILE = 'inference/models/corpus/tool-request-corpus.tsv';
/** The shipped model files and their manifest, relative to the repository root. */
export const SHIPPED_MODELS_FOLDER = 'inference/models/generated';

/**
 * The nearest folder at or above `folder` that holds a `package.json`: the repository (or installed package)
 * root. Resolving data files from the root rather than from `import.meta.url` makes the built code in
 * `dist/inference/models/` find them too, since tsc copies only JavaScript into `dist`. Throws when there is none.
 */
export function repositoryRootFrom(folder: string): string {
  for (let current = resolve(folder); ; current = dirname(current)) {
    if (existsSync(join(current, 'package.json'))) return current;
    if (dirname(current) === current) throw new Error(`no package.json above ${folder}`);
  }
}

/** `repositoryRootFrom` this module's folder. */
export function repositoryRoot(): string {
  return repositoryRootFrom(dirname(fileURLToPath(import.meta.url)));
}
