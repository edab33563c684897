/** Standard base64 (RFC 4648, section 4) with mandatory padding: groups of 4, last group possibly padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard padded base64, or returns `undefined` for anything else: URL-safe alphabet, missing padding,
 * whitespace, and non-canonical encodings (non-zero padding bits) that Buffer's lenient decoder would accept.
 * Canonical-only matters for signed text: two spellings of one value must not both verify as "the" encoding.
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
