import { describe, expect, it } from 'vitest';
import { ortWorkerFile } from './ortWorkerFile.js';

describe('ortWorkerFile', () => {
  it('runs built JavaScript directly', () => {
    expect(ortWorkerFile('file:///srv/mir/dist/inference/engine/ortWorkerFile.js')).toBe(
      '/srv/mir/dist/inference/engine/ortWorker.js',
    );
  });

  it('runs TypeScript source through the bootstrap that registers tsx in the worker', () => {
    expect(ortWorkerFile('file:///srv/mir/inference/engine/ortWorkerFile.ts')).toBe(
      '/srv/mir/inference/engine/ortWorkerFromSource.js',
    );
  });
});
