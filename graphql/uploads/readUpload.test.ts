import { describe, expect, it } from 'vitest';
import { readUpload, UploadTooLargeError } from './readUpload.js';
import type { UploadedFile } from './uploadedFile.js';

/** A file that claims `size` but streams `chunks` chunks of `chunkSize` bytes, counting how many were pulled. */
function fileOf(size: number, chunks: number, chunkSize: number) {
  let pulled = 0;
  const file: UploadedFile = {
    name: 'model.onnx',
    type: 'application/octet-stream',
    size,
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled === chunks) return controller.close();
          pulled += 1;
          controller.enqueue(new Uint8Array(chunkSize).fill(pulled));
        },
      }),
  };
  return { file, pulled: () => pulled };
}

describe('readUpload', () => {
  it('given a file within the limit, then its bytes in order', async () => {
    const { file } = fileOf(6, 3, 2);
    expect(Array.from(await readUpload(file, 6))).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('given a declared size over the limit, then refused before reading', async () => {
    const { file, pulled } = fileOf(11, 3, 2);
    await expect(readUpload(file, 10)).rejects.toMatchObject({ limit: 10, actual: 11 });
    expect(pulled()).toBe(0);
  });

  it('given a file that streams more than it declares, then refused as soon as the limit is passed', async () => {
    const { file, pulled } = fileOf(4, 1000, 4);
    const refusal = readUpload(file, 10);
    await expect(refusal).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(refusal).rejects.toMatchObject({ limit: 10, actual: 12 });
    expect(pulled()).toBeLessThan(6);
  });
});
