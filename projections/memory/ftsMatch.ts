/** Most terms a text query keeps; more would only slow the match down. */
export const MAX_MATCH_TERMS = 16;

/**
 * Turns untrusted text into a safe FTS5 MATCH expression: the letter/digit runs of the input, each as a quoted
 * string (so `NEAR`, `AND`, `*`, `^`, column filters and quotes are plain words), joined by spaces (every term
 * must occur). Returns null when nothing searchable is left: the caller then matches nothing, rather than letting
 * FTS5 see an empty or malformed expression and raise an error.
 */
export function ftsMatchExpression(text: string): string | null {
  const terms = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_MATCH_TERMS) ?? [];
  return terms.length === 0 ? null : terms.map((term) => `"${term}"`).join(' ');
}
