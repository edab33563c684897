import { describe, expect, it } from 'vitest';
import { bundleBytes, bundleFileName, whenCheckpointed } from './evidenceBundle.js';

const notYet = Object.assign(new Error('newer than every checkpoint'), { code: 'NOT_YET_CHECKPOINTED' });

describe('bundleFileName and bundleBytes', () => {
  it("given a run id, then the file is named after the run's stream", () => {
    expect(bundleFileName('0194f3a0-0000-7000-8000-000000000001')).toBe(
      'run-0194f3a0-0000-7000-8000-000000000001.bundle.json',
    );
    expect(bundleFileName('../x y')).toBe('run-.._x_y.bundle.json');
  });

  it('given content with non-ASCII text, then the bytes are its UTF-8, nothing added', () => {
    const content = '{"goal":"café"}\n';
    const bundle = { runId: 'r', format: 'f', treeSize: 1, sha256: '', bytes: 17, content };
    expect([...bundleBytes(bundle)]).toEqual([...Buffer.from(content, 'utf8')]);
  });
});

describe('whenCheckpointed', () => {
  it('given NOT_YET_CHECKPOINTED twice, then it waits between tries and answers the third', async () => {
    const waits: number[] = [];
    const told: number[] = [];
    let calls = 0;
    const answer = await whenCheckpointed(
      () => (++calls < 3 ? Promise.reject(notYet) : Promise.resolve('bundle')),
      {
        attempts: 5,
        delayMs: 1_500,
        sleep: (ms) => (waits.push(ms), Promise.resolve()),
        onWaiting: (n) => told.push(n),
      },
    );
    expect(answer).toBe('bundle');
    expect(waits).toEqual([1_500, 1_500]);
    expect(told).toEqual([1, 2]);
  });

  it('given NOT_YET_CHECKPOINTED every time, then it stops after the attempts allowed and throws it', async () => {
    let calls = 0;
    const asking = whenCheckpointed(() => (calls++, Promise.reject(notYet)), {
      attempts: 3,
      delayMs: 1,
      sleep: () => Promise.resolve(),
    });
    await expect(asking).rejects.toBe(notYet);
    expect(calls).toBe(3);
  });

  it('given another failure, then it is thrown at once, never retried', async () => {
    const forbidden = Object.assign(new Error('no'), { code: 'FORBIDDEN' });
    let calls = 0;
    const asking = whenCheckpointed(() => (calls++, Promise.reject(forbidden)), {
      attempts: 5,
      delayMs: 1,
      sleep: () => Promise.resolve(),
    });
    await expect(asking).rejects.toBe(forbidden);
    expect(calls).toBe(1);
  });
});
