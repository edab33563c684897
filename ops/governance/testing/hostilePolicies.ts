/**
 * Policy texts that overflow the Cedar engine's stack when it parses or evaluates them, for tests. Both are valid
 * Cedar; `chainedAnds(7_000)` is the 56 KB set of the original report ("memory access out of bounds").
 */

/** `true && true && … ` with `count` operators: Cedar nests a left-deep tree `count` levels deep. */
export function chainedAnds(count: number, id = 'hostile'): string {
  return `@id("${id}") permit(principal, action, resource) when { true${' && true'.repeat(count)} };`;
}

/** `(true && (true && …))` nested `depth` brackets deep. */
export function nestedParens(depth: number, id = 'hostile'): string {
  return `@id("${id}") permit(principal, action, resource) when { ${'(true && '.repeat(depth)}true${')'.repeat(depth)} };`;
}
