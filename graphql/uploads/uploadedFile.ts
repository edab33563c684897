/**
 * A file part of a GraphQL multipart request, as Yoga hands it to a resolver: a WHATWG `File` (the platform's, or
 * the fetch ponyfill's, which is not an `instanceof` the global one, hence this structural type).
 */
export interface UploadedFile {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<Record<keyof UploadedFile, unknown>>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.size === 'number' &&
    typeof candidate.stream === 'function'
  );
}
