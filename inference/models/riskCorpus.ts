import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { murmurHash3x86Utf8, normalizeText } from '../text/index.js';
import { RISK_CORPUS_FILE, TOOL_REQUEST_CORPUS_FILE, repositoryRoot } from './repositoryPaths.js';

export type RiskLabel = 'benign' | 'risky';

export interface RiskExample {
  readonly label: RiskLabel;
  readonly text: string;
}

export interface RiskCorpusSplit {
  readonly train: readonly RiskExample[];
  readonly heldOut: readonly RiskExample[];
}

/** Absolute path of the hand-written corpus both shipped models are trained on. */
export function riskCorpusPath(): string {
  return join(repositoryRoot(), RISK_CORPUS_FILE);
}

/** Absolute path of the hand-written tool-request renderings only the classifier is trained on. */
export function toolRequestCorpusPath(): string {
  return join(repositoryRoot(), TOOL_REQUEST_CORPUS_FILE);
}

const HEADER = 'label\ttext';
/** Seed of the held-out split's hash: different from the featurizer's, so the split is unrelated to buckets. */
const SPLIT_SEED = 0x53504c54;
/** Share of the corpus held out, in percent. */
export const HELD_OUT_PERCENT = 20;

/**
 * Parses the corpus: a header line `label<TAB>text`, then one example per line, `benign` or `risky`, a tab, and
 * the text (no tabs inside). Throws an Error naming the line for a bad header, label, empty text, or a text that
 * normalises to the same form as an earlier one (a duplicate would leak between the train and held-out splits).
 */
export function parseRiskCorpus(tsv: string): RiskExample[] {
  const lines = tsv.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== HEADER)
    throw new Error(`risk corpus: line 1 must be the header ${JSON.stringify(HEADER)}`);
  const seen = new Map<string, number>();
  return lines.slice(1).map((line, index) => {
    const lineNumber = index + 2;
    const [label, text, ...rest] = line.split('\t');
    if (label !== 'benign' && label !== 'risky') {
      throw new Error(
        `risk corpus line ${lineNumber}: label must be benign or risky, got ${JSON.stringify(label)}`,
      );
    }
    if (text === undefined || text.trim() === '' || rest.length > 0) {
      throw new Error(`risk corpus line ${lineNumber}: expected one tab followed by a non-empty text`);
    }
    const normalized = normalizeText(text);
    const earlier = seen.get(normalized);
    if (earlier !== undefined) {
      throw new Error(`risk corpus line ${lineNumber}: duplicates line ${earlier} once normalised`);
    }
    seen.set(normalized, lineNumber);
    return { label, text };
  });
}

export function readRiskCorpus(path: string = riskCorpusPath()): RiskExample[] {
  return parseRiskCorpus(readFileSync(path, 'utf8'));
}

/**
 * What the classifier is trained and measured on: `corpus`, then `toolRequests` (each parsed by
 * `parseRiskCorpus`). Throws an Error quoting the text when a tool request normalises to the same form as a
 * corpus text, which would let one copy be trained on while the other is held out.
 */
export function classifierExamples(
  corpus: readonly RiskExample[],
  toolRequests: readonly RiskExample[],
): RiskExample[] {
  const texts = new Set(corpus.map((example) => normalizeText(example.text)));
  const repeated = toolRequests.find((example) => texts.has(normalizeText(example.text)));
  if (repeated !== undefined)
    throw new Error(`tool-request corpus repeats a risk corpus text: ${JSON.stringify(repeated.text)}`);
  return [...corpus, ...toolRequests];
}

/** `classifierExamples` of the two shipped files. */
export function readClassifierExamples(): RiskExample[] {
  return classifierExamples(readRiskCorpus(), readRiskCorpus(toolRequestCorpusPath()));
}

/**
 * True when the example belongs to the held-out split: MurmurHash3 of its normalised text (seed `SPLIT_SEED`)
 * mod 100 is below `HELD_OUT_PERCENT`. Decided by content, not position, so reordering or adding lines never
 * moves an existing example between splits. The key stays the v1 normal form (`normalizeText`) whatever the
 * featurizer version, so the held-out split is the same texts before and after a featurizer change and the
 * figures of both stay comparable.
 */
export function isHeldOut(text: string): boolean {
  return murmurHash3x86Utf8(normalizeText(text), SPLIT_SEED) % 100 < HELD_OUT_PERCENT;
}

export function splitRiskCorpus(examples: readonly RiskExample[]): RiskCorpusSplit {
  return {
    train: examples.filter((example) => !isHeldOut(example.text)),
    heldOut: examples.filter((example) => isHeldOut(example.text)),
  };
}
