import type { UploadedFile } from './uploadedFile.js';

/** The upload is larger than the caller may send; nothing past `limit` was kept. */
export class UploadTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly actual: number,
  ) {
    super(`the file is larger than ${limit} bytes`);
  }
}

/**
 * The bytes of `file`, read chunk by chunk and refused with `UploadTooLargeError` as soon as more than `limit`
 * bytes arrive (a declared size above `limit` is refused before reading): never more than `limit` bytes are
 * buffered, whatever the file claims its size is. Precondition: `limit` is a non-negative integer.
 */
export async function readUpload(file: UploadedFile, limit: number): Promise<Uint8Array> {
  if (file.size > limit) throw new UploadTooLargeError(limit, file.size);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new UploadTooLargeError(limit, total);
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
