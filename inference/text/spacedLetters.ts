/**
 * Three or more single letters each separated by one space, dot, hyphen, underscore or asterisk, standing alone
 * (`i g n o r e`, `d.r.o.p`, `w-i-r-e`).
 */
const SPACED_LETTERS = /(?<![\p{L}\p{M}\p{N}_])\p{L}(?:[ .\-_*]\p{L}){2,}(?![\p{L}\p{M}\p{N}_])/gu;
const SEPARATOR = /[ .\-_*]/gu;

/**
 * Joins letters spelled out one by one into the word they spell (`i g n o r e  p r e v i o u s` → `ignore
 * previous`: words spelled this way are told apart by a wider gap, which does not match). Runs of one or two
 * letters (`a b`, `e.g`) are left alone. Expects text whose whitespace is not yet collapsed.
 */
export function joinSpacedLetters(text: string): string {
  return text.replace(SPACED_LETTERS, (run) => run.replace(SEPARATOR, ''));
}
