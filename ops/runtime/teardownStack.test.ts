import { describe, expect, it } from 'vitest';
import { TeardownStack } from './teardownStack.js';

describe('TeardownStack', () => {
  it('given three resources opened, when closed, then last first, each once, even when called twice', async () => {
    const closed: string[] = [];
    const stack = new TeardownStack(() => undefined);
    for (const name of ['lock', 'ledger', 'server']) stack.defer(name, () => closed.push(name));
    await Promise.all([stack.close(), stack.close()]);
    expect(closed).toEqual(['server', 'ledger', 'lock']);
  });

  it('given a step that fails, when closed, then the others still close, the failure is reported by name, and close rejects with it', async () => {
    const closed: string[] = [];
    const reported: string[] = [];
    const stack = new TeardownStack((step, error) => reported.push(`${step}: ${(error as Error).message}`));
    stack.defer('lock', () => closed.push('lock'));
    stack.defer('ledger', () => Promise.reject(new Error('disk gone')));
    stack.defer('server', () => closed.push('server'));
    await expect(stack.close()).rejects.toThrow('disk gone');
    expect(closed).toEqual(['server', 'lock']);
    expect(reported).toEqual(['ledger: disk gone']);
  });

  it('given a closed stack, when something more is deferred, then it is refused (it would never be closed)', async () => {
    const stack = new TeardownStack(() => undefined);
    await stack.close();
    expect(() => stack.defer('late', () => undefined)).toThrow(
      'cannot defer "late": the teardown has already run',
    );
  });
});
