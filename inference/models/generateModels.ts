/**
 * `npm run models`: trains MIR's shipped models from the corpora and writes `risk-classifier.onnx`,
 * `text-embedder.onnx` and `manifest.json` into `--out DIR` (default `inference/models/generated`). The output is
 * byte-identical on every run; commit it whenever the corpus or the training code changes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import type { ShippedModelManifest } from './modelManifest.js';
import { buildShippedModels, writeShippedModels } from './modelGeneration.js';
import { riskCorpusPath, toolRequestCorpusPath } from './riskCorpus.js';
import { shippedModelsDirectory } from './shippedModels.js';

function summary({ corpus, toolRequestCorpus, models }: ShippedModelManifest): string[] {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const lines = [corpus, toolRequestCorpus].map(
    ({ file, examples, heldOutExamples, sha256 }) =>
      `${file}: ${examples} examples (${heldOutExamples} held out), sha256 ${sha256}`,
  );
  for (const model of models) {
    lines.push(`${model.name} v${model.version}: ${model.file}, ${model.size} bytes, sha256 ${model.sha256}`);
    if (model.metrics === undefined) continue;
    const { train, heldOut, heldOutAdversarial } = model.metrics;
    lines.push(
      `  train accuracy ${percent(train.accuracy)} (${train.examples} texts, disguised copies included)`,
    );
    for (const [split, metrics] of [
      ['held out', heldOut],
      ['held out, disguised', heldOutAdversarial],
    ] as const) {
      lines.push(
        `  ${split} (${metrics.examples}): accuracy ${percent(metrics.accuracy)}, ` +
          `precision ${percent(metrics.precision)}, recall ${percent(metrics.recall)} ` +
          `(TP ${metrics.truePositives}, FP ${metrics.falsePositives}, ` +
          `TN ${metrics.trueNegatives}, FN ${metrics.falseNegatives})`,
      );
    }
  }
  return lines;
}

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const directory = values.out === undefined ? shippedModelsDirectory() : resolve(values.out);
const generated = buildShippedModels({
  corpus: readFileSync(riskCorpusPath(), 'utf8'),
  toolRequests: readFileSync(toolRequestCorpusPath(), 'utf8'),
});
writeShippedModels(directory, generated);
for (const line of summary(generated.manifest)) console.log(line);
console.log(`written to ${directory}`);
