/** In a `u` regex a surrogate class matches only unpaired surrogates, which have no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NEWLINE = 0x0a;

/**
 * Why `text` may not appear in a signed note, or `undefined` when it may. C2SP signed-note: a note is valid UTF-8
 * (so a JavaScript string must have no unpaired surrogate) with no ASCII control character (below U+0020) other
 * than newline. This rejects CR, so CRLF notes are malformed rather than silently normalized.
 */
export function noteCharacterProblem(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== NEWLINE) {
      const codePoint = code.toString(16).padStart(4, '0').toUpperCase();
      return `contains control character U+${codePoint} at offset ${index}`;
    }
  }
  if (LONE_SURROGATE.test(text)) {
    return 'is not valid UTF-8 (unpaired surrogate)';
  }
  return undefined;
}
