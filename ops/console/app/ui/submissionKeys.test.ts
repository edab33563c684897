import { describe, expect, it } from 'vitest';
import { newIdempotencyKey, submissionKeys } from './submissionKeys.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('submissionKeys', () => {
  it('given the same arguments submitted twice (a double click, a retry), then both carry the same key', () => {
    let made = 0;
    const keys = submissionKeys(() => `key-${++made}`);
    expect(keys.keyFor({ runId: 'r', reason: 'stop' })).toBe('key-1');
    expect(keys.keyFor({ runId: 'r', reason: 'stop' })).toBe('key-1');
    expect(made).toBe(1);
  });

  it('given other arguments (a resumed rollback with its approval id), then a fresh key', () => {
    let made = 0;
    const keys = submissionKeys(() => `key-${++made}`);
    const first = keys.keyFor({ runId: 'r', toStep: 2, reason: 'undo' });
    const resumed = keys.keyFor({ runId: 'r', toStep: 2, reason: 'undo', approvalId: 'a' });
    expect(resumed).not.toBe(first);
    expect(keys.keyFor({ runId: 'r', toStep: 2, reason: 'undo' })).toBe(first);
  });

  it('given two dialogs, then their keys never meet', () => {
    const a = submissionKeys(() => newIdempotencyKey());
    const b = submissionKeys(() => newIdempotencyKey());
    expect(a.keyFor({ reason: 'x' })).not.toBe(b.keyFor({ reason: 'x' }));
  });
});

describe('newIdempotencyKey', () => {
  it('given crypto.randomUUID, then it is used', () => {
    expect(newIdempotencyKey()).toMatch(UUID_V4);
  });

  it('given a context without randomUUID (plain HTTP), then a v4 UUID is built from getRandomValues', () => {
    const insecure = { getRandomValues: (bytes: Uint8Array) => bytes.fill(0xff) } as unknown as Crypto;
    expect(newIdempotencyKey(insecure)).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});
