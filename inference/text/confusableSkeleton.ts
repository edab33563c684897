import { rectifyConfusion } from 'unicode-confusables';

/** Runs that keep their characters: ASCII digits are left to `foldLeetspeak`, which reads them in context. */
const MAPPED_RUN = /[^0-9]+/gu;

/**
 * The UTS #39 skeleton of `text` (confusables.txt 10.0.0, from `unicode-confusables`): NFD, then each code point
 * replaced by its prototype (Cyrillic `а` → `a`, Greek `ο` → `o`, `ⅰ` → `i`, `m` → `rn`), then NFD again.
 *
 * One deliberate difference from UTS #39: ASCII digits are not mapped (the table sends `0` → `O` and `1` → `l`),
 * so numbers stay numbers and digits inside words are folded by `foldLeetspeak` instead (`1gn0r3` → `ignore`).
 * The result is in NFD; callers recompose it.
 */
export function confusableSkeleton(text: string): string {
  return text
    .normalize('NFD')
    .replace(MAPPED_RUN, (run) => rectifyConfusion(run))
    .normalize('NFD');
}
