/** A word as `textWords` sees one. */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const LETTER = /\p{L}/u;
const LEET_DIGIT = /[013457]/gu;
const LETTER_OF: Readonly<Record<string, string>> = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't' };

/**
 * Digits written for letters (`1gn0r3 pr3v10u5` → `ignore previous`): in each word that holds at least one letter,
 * 0 1 3 4 5 7 become o i e a s t. Words of digits only (`2024`, `4481`) are numbers and stay as they are.
 * Expects lowercase text.
 */
export function foldLeetspeak(text: string): string {
  return text.replace(WORD, (word) =>
    LETTER.test(word) ? word.replace(LEET_DIGIT, (digit) => LETTER_OF[digit] as string) : word,
  );
}
