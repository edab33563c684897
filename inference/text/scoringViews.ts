import { decodeBase64Runs } from './base64Runs.js';
import { MAX_FEATURIZED_TEXT_LENGTH } from './hashedTokenFeaturizer.js';
import { normalizeTextV2 } from './textNormalizationV2.js';

/** Words in one window, and how far the next window starts after the one before. */
export const SCORING_WINDOW_WORDS = 32;
export const SCORING_WINDOW_STRIDE = 16;

/** `text`: the whole (revealed) text; `window`: a span of it. */
export type ScoringViewKind = 'text' | 'window';

export interface ScoringView {
  readonly kind: ScoringViewKind;
  /** What a featurizer receives: never longer than MAX_FEATURIZED_TEXT_LENGTH. */
  readonly text: string;
}

export interface ScoringViews {
  /** The whole text first (when short enough), then the windows in text order; never empty. */
  readonly views: readonly ScoringView[];
  /** Base64 runs decoded in place before scoring (`decodeBase64Runs`). */
  readonly decodedBase64: number;
}

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;

/**
 * The texts a classifier scores for one input, whose risk is the highest of their scores, so that neither
 * benign padding around an instruction nor encoding it in base64 hides it. First the text's readable base64
 * runs are decoded in place (`decodeBase64Runs`); of that revealed text:
 *
 * - the whole of it, when it is at most MAX_FEATURIZED_TEXT_LENGTH long (a longer one is covered by its windows);
 * - when its `hashed-tokens` v2 normal form has more than SCORING_WINDOW_WORDS words, windows of that many words
 *   starting every SCORING_WINDOW_STRIDE words, the last one ending at the last word: every word lies in a
 *   window and every run of up to STRIDE + 1 words lies whole in one. A window is the span of the normal form
 *   from its first word to its last (normalising it again leaves it as it is), cut to
 *   MAX_FEATURIZED_TEXT_LENGTH if its words are that long.
 *
 * Deterministic; about one view per 16 words. A text too long to be whole and without windows (no words) is
 * scored on its first MAX_FEATURIZED_TEXT_LENGTH characters.
 */
export function scoringViews(text: string): ScoringViews {
  const revealed = decodeBase64Runs(text);
  const views: ScoringView[] = [];
  if (revealed.text.length <= MAX_FEATURIZED_TEXT_LENGTH) views.push({ kind: 'text', text: revealed.text });
  for (const span of windowSpans(normalizeTextV2(revealed.text)))
    views.push({ kind: 'window', text: span.slice(0, MAX_FEATURIZED_TEXT_LENGTH) });
  if (views.length === 0)
    views.push({ kind: 'text', text: revealed.text.slice(0, MAX_FEATURIZED_TEXT_LENGTH) });
  return { views, decodedBase64: revealed.decoded };
}

/** Spans of `normalized` covering SCORING_WINDOW_WORDS words each; none when it has no more words than that. */
function windowSpans(normalized: string): string[] {
  const words = [...normalized.matchAll(WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  if (words.length <= SCORING_WINDOW_WORDS) return [];
  const last = words.length - SCORING_WINDOW_WORDS;
  const starts: number[] = [];
  for (let start = 0; start < last; start += SCORING_WINDOW_STRIDE) starts.push(start);
  starts.push(last);
  return starts.map((start) => {
    const first = words[start] as { start: number };
    const end = words[start + SCORING_WINDOW_WORDS - 1] as { end: number };
    return normalized.slice(first.start, end.end);
  });
}
