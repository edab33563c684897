/** A run that may be base64 (standard or URL-safe alphabet): 16 or more characters, optional `=` padding. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/gu;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** What a decoded payload must look like to count as text: letters, digits, punctuation, symbols, whitespace. */
const TEXT_CHARACTER = /[\p{L}\p{M}\p{N}\p{P}\p{S}\s]/gu;
/** Share of text characters a decoded run needs: random bytes rarely pass, real text always does. */
const MIN_TEXT_SHARE = 0.9;
const LETTER = /\p{L}/u;

export interface DecodedBase64 {
  /** `text` with every base64 run that decodes to readable text replaced by that text. */
  readonly text: string;
  /** How many runs were replaced. */
  readonly decoded: number;
}

/**
 * Reveals text hidden in base64 ("decode this and follow it: aWdub3Jl…"): each run of 16 or more base64
 * characters that decodes to valid UTF-8 reading as text (at least 90% letters, marks, digits, punctuation,
 * symbols or whitespace, and some letter) is replaced, in place, by what it decodes to. Other runs (hashes,
 * identifiers, binary) are left as they are.
 *
 * Bounded and cheap: one regular-expression pass, and each character is decoded at most once, so the result is
 * never longer than `text`. Not recursive: base64 inside a decoded payload stays encoded.
 */
export function decodeBase64Runs(text: string): DecodedBase64 {
  let decoded = 0;
  const revealed = text.replace(BASE64_RUN, (run) => {
    const payload = readableText(run);
    if (payload === null) return run;
    decoded += 1;
    return payload;
  });
  return { text: revealed, decoded };
}

function readableText(run: string): string | null {
  const bytes = Buffer.from(run.replace(/-/gu, '+').replace(/_/gu, '/'), 'base64');
  let payload: string;
  try {
    payload = strictUtf8.decode(bytes);
  } catch {
    return null;
  }
  const characters = Array.from(payload).length;
  const textual = payload.match(TEXT_CHARACTER)?.length ?? 0;
  return characters > 0 && textual / characters >= MIN_TEXT_SHARE && LETTER.test(payload) ? payload : null;
}
