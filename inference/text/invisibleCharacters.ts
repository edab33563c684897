/**
 * Characters that render as nothing: every format character (general category Cf: zero-width space and joiners,
 * soft hyphen, bidi controls, the byte-order mark, tag characters), every Default_Ignorable_Code_Point
 * (variation selectors, the combining grapheme joiner, Hangul fillers, …), the blank braille pattern, and
 * control characters (Cc) other than whitespace, which still separates words.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]|(?![\s])\p{Cc}/gu;

/**
 * `text` without its invisible characters, so one hidden inside a word (`ig\u200Bnore`) no longer splits or
 * disguises it. Whitespace is kept.
 */
export function stripInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}
