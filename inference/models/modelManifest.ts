import { z } from 'zod';

/** The manifest's file name, next to the model files it describes. */
export const MANIFEST_FILE = 'manifest.json';
/** 2: classifiers also carry `metrics.heldOutAdversarial`; 3: `toolRequestCorpus` next to `corpus`. */
export const MANIFEST_FORMAT = 3;

const featurizerSchema = z.object({
  kind: z.string().min(1),
  version: z.number().int().positive(),
  dimensions: z.number().int().positive(),
  input: z.string().min(1),
});

const splitMetricsSchema = z.object({
  examples: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  truePositives: z.number().int().nonnegative(),
  falsePositives: z.number().int().nonnegative(),
  trueNegatives: z.number().int().nonnegative(),
  falseNegatives: z.number().int().nonnegative(),
});

const entrySchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  /** File name inside the manifest's folder. */
  file: z.string().regex(/^[\w.-]+$/u),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  size: z.number().int().positive(),
  description: z.string(),
  featurizer: featurizerSchema,
  /**
   * Classifiers only: measured as MIR scores (the highest P(risky) over a text's scoring views), `risky` as the
   * positive class at a risk ≥ 0.5. `train`: what it was trained on (the training split and its disguised
   * copies); `heldOut`: the held-out split; `heldOutAdversarial`: disguised copies of the held-out split. The
   * splits span both corpus files.
   */
  metrics: z
    .object({
      train: z.object({ examples: z.number().int().positive(), accuracy: z.number().min(0).max(1) }),
      heldOut: splitMetricsSchema,
      heldOutAdversarial: splitMetricsSchema,
    })
    .optional(),
});

/** A corpus file: path relative to the repository root, SHA-256 of its bytes, example counts. */
const corpusFileSchema = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  examples: z.number().int().positive(),
  heldOutExamples: z.number().int().nonnegative(),
});

/**
 * `manifest.json` as `npm run models` writes it: format 3, the corpus both models were trained on, the
 * tool-request corpus only the classifier was trained on, and one entry per model file.
 */
export const shippedManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  corpus: corpusFileSchema,
  toolRequestCorpus: corpusFileSchema,
  models: z.array(entrySchema),
});

export type ShippedModelManifest = z.infer<typeof shippedManifestSchema>;
export type ShippedModelEntry = ShippedModelManifest['models'][number];
export type ShippedModelMetrics = NonNullable<ShippedModelEntry['metrics']>;

/** Manifest text: two-space JSON in key insertion order plus a final newline, so it is byte-stable. */
export function manifestText(manifest: ShippedModelManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
