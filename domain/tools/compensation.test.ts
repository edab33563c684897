import { describe, expect, it } from 'vitest';
import { compensationSourceProblem, resolveCompensation, selectPointer } from './compensation.js';
import type { Compensation } from './toolEvents.js';

const restore: Compensation = {
  tool: 'kv.restore',
  version: '1',
  args: { key: { from: '/args/key' }, previous: { from: '/output/previous' }, reason: { value: 'rollback' } },
};

describe('tool compensation mapping', () => {
  it('given a completed call, when its compensation is resolved, then pointers pick args and output and literals stay', () => {
    const call = { args: { key: 'k', value: 2 }, output: { key: 'k', previous: { value: 1 } } };
    expect(resolveCompensation(restore, call)).toEqual({
      tool: 'kv.restore',
      version: '1',
      args: { key: 'k', previous: { value: 1 }, reason: 'rollback' },
    });
  });

  it('given an output holding JSON null at the pointer, then null is passed (it is a value, not a miss)', () => {
    const call = { args: { key: 'k' }, output: { key: 'k', previous: null } };
    expect(resolveCompensation(restore, call).args.previous).toBeNull();
  });

  it('given an output without what a pointer needs, then TOOL_COMPENSATION_UNRESOLVED names the arg', () => {
    expect(() => resolveCompensation(restore, { args: { key: 'k' }, output: {} })).toThrow(
      expect.objectContaining({
        code: 'TOOL_COMPENSATION_UNRESOLVED',
        details: expect.objectContaining({ arg: 'previous', from: '/output/previous' }) as unknown,
      }),
    );
  });

  it('when pointers use RFC 6901 escapes and array indices, then they select per the RFC', () => {
    const document = { args: { 'a/b': { '~k': ['x', 'y'] } } };
    expect(selectPointer(document, '/args/a~1b/~0k/1')).toBe('y');
    expect(selectPointer(document, '/args/a~1b/~0k/01')).toBeUndefined();
    expect(selectPointer(document, '/args/a~1b/~0k/2')).toBeUndefined();
    expect(selectPointer(document, '/args/toString')).toBeUndefined();
  });

  it('when sources are checked, then only { from: /args… | /output… } or { value } pass', () => {
    expect(compensationSourceProblem({ from: '/output/previous' })).toBeNull();
    expect(compensationSourceProblem({ value: null })).toBeNull();
    expect(compensationSourceProblem({ from: '/env/secret' })).toMatch(/must start with/);
    expect(compensationSourceProblem({ from: 'args/key' })).toMatch(/not a JSON Pointer/);
    expect(compensationSourceProblem({ from: '/args/~2' })).toMatch(/not a JSON Pointer/);
    expect(compensationSourceProblem({ from: '/args', value: 1 })).toMatch(/exactly one/);
    expect(compensationSourceProblem('x')).toMatch(/must be an object/);
  });
});
