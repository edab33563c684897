import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyedLock.js';

/** A unit of work the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await finished;
      log.push(`end ${name}`);
      return name;
    },
    finish,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('keyed lock', () => {
  it('given work sharing a key, then it runs one after the other in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const ra = lock.run(['stream:run-a', 'id:1'], a.work);
    const rb = lock.run(['id:1'], b.work);
    await turn();
    expect(log).toEqual(['start a']);
    a.finish();
    await turn();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    b.finish();
    expect(await Promise.all([ra, rb])).toEqual(['a', 'b']);
    expect(lock.size).toBe(0);
  });

  it('given work with disjoint keys, then it runs at once', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const both = Promise.all([lock.run(['x'], a.work), lock.run(['y'], b.work)]);
    await turn();
    expect(log).toEqual(['start a', 'start b']);
    b.finish();
    a.finish();
    await both;
  });

  it('when work fails, then the key is released for the next', async () => {
    const lock = new KeyedLock();
    const failed = lock.run(['x'], () => Promise.reject(new Error('boom')));
    const next = lock.run(['x'], () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
    expect(lock.size).toBe(0);
  });
});
