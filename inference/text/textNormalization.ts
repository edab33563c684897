/**
 * The normal form every text is reduced to before tokenising, in this order:
 *
 * 1. Unicode NFKC: compatibility characters fold to their plain forms (full-width `ｒｍ` → `rm`, ligature `ﬁ` → `fi`,
 *    superscripts → digits), so look-alike spellings hash to the same tokens.
 * 2. Lowercase with `String.prototype.toLowerCase`, Unicode's default (locale-independent) case mapping: the result
 *    does not depend on the host's locale.
 * 3. Every run of whitespace (`\s`, Unicode-aware) becomes one space; leading and trailing whitespace is removed.
 *
 * Part of featurizer `hashed-tokens` v1: changing any step changes the features, so it needs a new version.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
