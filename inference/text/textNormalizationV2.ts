import { confusableSkeleton } from './confusableSkeleton.js';
import { stripInvisibleCharacters } from './invisibleCharacters.js';
import { foldLeetspeak } from './leetspeak.js';
import { joinSpacedLetters } from './spacedLetters.js';

/** Folding passes at most: one is almost always enough; a skeleton that yields a digit inside a word needs two. */
const MAX_FOLDING_PASSES = 4;

/**
 * The normal form of `hashed-tokens` v2, which folds the usual disguises of a text to the plain spelling, in
 * this order:
 *
 * 1. invisible characters removed (`stripInvisibleCharacters`: format characters, default-ignorables such as
 *    zero-width joiners, variation selectors and tag characters, non-whitespace controls);
 * 2. Unicode NFKC, then lowercase (locale-independent), as in v1;
 * 3. digits inside words read as letters (`foldLeetspeak`), then the UTS #39 confusable skeleton
 *    (`confusableSkeleton`, digits excluded), then NFKC and lowercase again; step 3 repeats until the text stops
 *    changing (at most 4 passes), so the result is a fixed point;
 * 4. letters spelled out one by one joined (`joinSpacedLetters`), before and after every run of whitespace
 *    becomes one space; leading and trailing whitespace removed.
 *
 * Idempotent: normalising the result again returns it unchanged (windows of a normalised text re-featurize as
 * they were cut). Changing any step changes the features of `hashed-tokens` v2, so it needs a new version.
 */
export function normalizeTextV2(text: string): string {
  let folded = stripInvisibleCharacters(text).normalize('NFKC').toLowerCase();
  for (let pass = 0; pass < MAX_FOLDING_PASSES; pass += 1) {
    const next = confusableSkeleton(foldLeetspeak(folded)).normalize('NFKC').toLowerCase();
    if (next === folded) break;
    folded = next;
  }
  return joinSpacedLetters(collapseWhitespace(joinSpacedLetters(folded)));
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
