/**
 * The verifier keys in a key list's text, as an auditor writes one (`mir verify --public-key-file`, the verifier
 * page): one key per line, surrounding spaces and a trailing `\r` ignored, blank lines and `#` comments skipped.
 * The keys themselves are not checked here; parsing them does that.
 */
export function verifierKeyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}
