import type { RiskExample } from './riskCorpus.js';
import { mulberry32 } from './seededRandom.js';
import { OBFUSCATIONS } from './textObfuscations.js';
import type { ObfuscationContext, ObfuscationName } from './textObfuscations.js';

export interface DisguisedExample extends RiskExample {
  readonly disguise: ObfuscationName;
}

/**
 * One copy of each example per disguise in `OBFUSCATIONS` (example by example, disguises in declaration order),
 * labelled as the original: a disguise changes the spelling, not the intent. Padding is drawn from the benign
 * texts of `examples` other than the one disguised, so a split is only ever padded with its own texts, `padding`
 * fillers on each side. One `mulberry32(seed)` stream drives every draw in that order: the same examples, seed
 * and padding give the same copies.
 */
export function disguisedCopies(
  examples: readonly RiskExample[],
  seed: number,
  padding: ObfuscationContext['padding'],
): DisguisedExample[] {
  const random = mulberry32(seed);
  const benign = examples.filter((example) => example.label === 'benign').map((example) => example.text);
  const names = Object.keys(OBFUSCATIONS) as ObfuscationName[];
  return examples.flatMap(({ label, text }) => {
    const context = { random, padding, fillers: benign.filter((filler) => filler !== text) };
    return names.map((disguise) => ({ label, text: OBFUSCATIONS[disguise](text, context), disguise }));
  });
}
