import { describe, expect, it } from 'vitest';
import { createFrameBatcher } from './frameBatcher.js';

/** Frames run when the test says so, like a browser painting. */
function manualFrames() {
  const pending: (() => void)[] = [];
  return {
    schedule: (callback: () => void) => pending.push(callback),
    paint: () => pending.splice(0).forEach((callback) => callback()),
    scheduled: () => pending.length,
  };
}

describe('createFrameBatcher', () => {
  it('given 10,000 items arriving before a frame, when the frame runs, then they are applied once, in order', () => {
    const frames = manualFrames();
    const batches: (readonly number[])[] = [];
    const batcher = createFrameBatcher<number>((batch) => batches.push(batch), frames.schedule);
    for (let item = 0; item < 10_000; item++) batcher.push(item);
    expect(frames.scheduled()).toBe(1);
    expect(batches).toEqual([]);
    frames.paint();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(Array.from({ length: 10_000 }, (_, item) => item));
  });

  it('given items after a frame ran, then the next frame applies only those', () => {
    const frames = manualFrames();
    const batches: (readonly string[])[] = [];
    const batcher = createFrameBatcher<string>((batch) => batches.push(batch), frames.schedule);
    batcher.push('a');
    frames.paint();
    batcher.push('b');
    batcher.push('c');
    frames.paint();
    frames.paint();
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('given a flush before the frame, then the queue is applied at once and the frame finds nothing', () => {
    const frames = manualFrames();
    const batches: (readonly number[])[] = [];
    const batcher = createFrameBatcher<number>((batch) => batches.push(batch), frames.schedule);
    batcher.push(1);
    batcher.flush();
    frames.paint();
    expect(batches).toEqual([[1]]);
  });

  it('given a disposed batcher, then nothing queued or pushed later is applied', () => {
    const frames = manualFrames();
    const batches: (readonly number[])[] = [];
    const batcher = createFrameBatcher<number>((batch) => batches.push(batch), frames.schedule);
    batcher.push(1);
    batcher.dispose();
    batcher.push(2);
    frames.paint();
    expect(batches).toEqual([]);
  });
});
