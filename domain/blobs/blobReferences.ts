import type { JsonValue } from '../events/json.js';
import type { BlobReference } from './blobStore.js';

/**
 * Events name the blobs they rely on in properties whose names end in `Blob` (`promptBlob`, `responseBlob`),
 * each holding a `BlobReference`. One convention, so that evidence bundles carry every blob a run's events name
 * without knowing each event type. Pure.
 */
export const BLOB_PROPERTY_SUFFIX = 'Blob';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Whether `value` is a well-formed `BlobReference`. */
export function isBlobReference(
  value: JsonValue | undefined,
): value is BlobReference & { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { digest, size } = value as { digest?: unknown; size?: unknown };
  return (
    typeof digest === 'string' &&
    DIGEST.test(digest) &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0
  );
}

/** The digests of every blob `data` names (at any depth), each once, in the order first met. */
export function referencedBlobs(data: JsonValue): string[] {
  const found = new Set<string>();
  const visit = (value: JsonValue): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value as readonly JsonValue[]) visit(item);
      return;
    }
    for (const [key, member] of Object.entries(value)) {
      if (key.endsWith(BLOB_PROPERTY_SUFFIX) && isBlobReference(member)) found.add(member.digest);
      else visit(member);
    }
  };
  visit(data);
  return [...found];
}
