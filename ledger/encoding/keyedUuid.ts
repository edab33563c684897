import { createHash } from 'node:crypto';

/**
 * A UUID v8 (RFC 9562 §5.8) derived from `key`: the first 16 bytes of SHA-256("mir.id.v1\n" ‖ UTF-8 key) with the
 * version and variant bits set. The same key always gives the same id; different keys collide only if SHA-256 does.
 */
export function uuidV8FromKey(key: string): string {
  const bytes = createHash('sha256').update('mir.id.v1\n').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
