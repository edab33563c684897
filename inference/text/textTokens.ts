/**
 * Tokens of a normalised text (see `normalizeText`). A word is a maximal run of letters, combining marks, digits
 * or underscores (`[\p{L}\p{M}\p{N}_]+`); everything else (punctuation, symbols, spaces) separates words.
 *
 * Each token carries a kind prefix so that different kinds never collide before hashing: `w:` for a word
 * unigram, `b:` for a bigram of two adjacent words joined by a space, `c:` for a character trigram. The
 * separators (`:` and space) cannot occur inside a word, so the encoding is unambiguous.
 */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

export function textWords(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/** Word unigrams then adjacent word bigrams, in text order. */
export function wordTokens(words: readonly string[]): string[] {
  const tokens = words.map((word) => `w:${word}`);
  for (let index = 1; index < words.length; index += 1) {
    tokens.push(`b:${words[index - 1] as string} ${words[index] as string}`);
  }
  return tokens;
}

/**
 * Character trigrams of each word padded with a space on both sides (`delete` → ` de`, `del`, …, `te `), so
 * word starts and ends are marked. Iterates by code point, so astral characters are never split.
 */
export function characterTrigrams(words: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const word of words) {
    const characters = Array.from(` ${word} `);
    for (let index = 0; index + 3 <= characters.length; index += 1) {
      tokens.push(`c:${characters.slice(index, index + 3).join('')}`);
    }
  }
  return tokens;
}
