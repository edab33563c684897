import { PolicyError } from './policyErrors.js';

/**
 * What a policy set may be before MIR hands it to the policy engine. The engine (Cedar in Wasm) parses and
 * evaluates expressions recursively on a fixed stack: a deep enough expression traps it, so depth is bounded
 * here, by a scan that never builds the expression. Defaults: `DEFAULT_POLICY_LIMITS`.
 */
export interface PolicyLimits {
  /** UTF-8 bytes of the whole policy text. */
  readonly maxBytes: number;
  /** Policies in the set (top-level `;`). */
  readonly maxPolicies: number;
  /** Expression depth as `measurePolicyText` bounds it. */
  readonly maxDepth: number;
}

/**
 * 64 KiB, 256 policies, depth 48. Cedar's stack gives out from about 76 levels (as measured here) of the costliest
 * constructs (nested lists or records, cedar-wasm 4.13), sooner when the caller's own stack is deep; 48 stays
 * clear of that, and the deepest policy of the 20-policy example set measures 25.
 */
export const DEFAULT_POLICY_LIMITS: PolicyLimits = Object.freeze({
  maxBytes: 64 * 1024,
  maxPolicies: 256,
  maxDepth: 48,
});

/** What `measurePolicyText` found. */
export interface PolicyTextMeasure {
  readonly bytes: number;
  readonly policies: number;
  readonly depth: number;
}

/** Binary and prefix operators of Cedar written as words; each nests an expression one level. */
const WORD_OPERATORS: ReadonlySet<string> = new Set(['if', 'has', 'like', 'in', 'is']);
const TWO_CHAR_OPERATORS: ReadonlySet<string> = new Set(['&&', '||', '==', '!=', '<=', '>=']);
const ONE_CHAR_OPERATORS = '<>+-*!.';
const OPENERS = '([{';
const CLOSERS = ')]}';

/** One bracket level open during the scan: operators seen at it, and the deepest bracket closed inside it. */
interface Level {
  operators: number;
  deepestChild: number;
}

/**
 * Measures `text` in one pass, without parsing it. `depth` is an upper bound on how deep any expression nests:
 * a bracket level counts 1, plus every operator written at that level (`&&`, `==`, `.`, `if`, `has`, `!`, …),
 * plus the deepest bracket level inside it. (Any path down an expression tree passes, within one bracket level,
 * through operators of that level only, each at most once, then into at most one inner bracket.) So a chain
 * `a && b && c` counts as deep as the left-nested tree Cedar builds for it, wherever the chain sits.
 *
 * String literals and `//` comments are skipped exactly where Cedar's lexer skips them, and never further: a
 * string ends at its first unescaped `"` (a backslash escapes the next character), a comment at the first `\n`
 * or `\r`. Where the two could disagree, the scan ends a literal or comment no later than Cedar does, so text
 * Cedar reads as code is always counted. An unterminated literal runs to the end (Cedar refuses such a text).
 */
export function measurePolicyText(text: string): PolicyTextMeasure {
  const open: Level[] = [];
  let depth = 0;
  let policies = 0;
  const operator = () => {
    const level = open.at(-1);
    if (level !== undefined) level.operators++;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      i = endOfString(text, i);
    } else if (char === '/' && text[i + 1] === '/') {
      i = endOfComment(text, i);
    } else if (OPENERS.includes(char)) {
      open.push({ operators: 0, deepestChild: 0 });
    } else if (CLOSERS.includes(char)) {
      const closed = open.pop();
      if (closed === undefined) continue;
      const value = 1 + closed.operators + closed.deepestChild;
      const parent = open.at(-1);
      if (parent === undefined) depth = Math.max(depth, value);
      else parent.deepestChild = Math.max(parent.deepestChild, value);
    } else if (char === ';' && open.length === 0) {
      policies++;
    } else if (TWO_CHAR_OPERATORS.has(text.slice(i, i + 2))) {
      operator();
      i++;
    } else if (ONE_CHAR_OPERATORS.includes(char)) {
      operator();
    } else if (isWordStart(char)) {
      const end = endOfWord(text, i);
      if (WORD_OPERATORS.has(text.slice(i, end))) operator();
      i = end - 1;
    }
  }
  // Brackets left open (Cedar refuses such a text) still count.
  let unclosed = 0;
  while (open.length > 0) {
    const level = open.pop()!;
    unclosed = 1 + level.operators + Math.max(level.deepestChild, unclosed);
  }
  return { bytes: utf8Length(text), policies, depth: Math.max(depth, unclosed) };
}

/** The first limit a text is over, with the values at fault. */
export interface PolicyLimitViolation {
  readonly reason: 'POLICY_TOO_LARGE' | 'POLICY_TOO_COMPLEX';
  readonly limit: keyof PolicyLimits;
  readonly max: number;
  readonly actual: number;
}

/** The first of `limits` (bytes, policies, depth) that `measure` exceeds, or null when within all. */
export function policyLimitViolation(
  measure: PolicyTextMeasure,
  limits: PolicyLimits,
): PolicyLimitViolation | null {
  const checks = [
    ['maxBytes', measure.bytes, 'POLICY_TOO_LARGE'],
    ['maxPolicies', measure.policies, 'POLICY_TOO_LARGE'],
    ['maxDepth', measure.depth, 'POLICY_TOO_COMPLEX'],
  ] as const;
  for (const [limit, actual, reason] of checks)
    if (actual > limits[limit]) return { reason, limit, max: limits[limit], actual };
  return null;
}

const UNITS: Readonly<Record<keyof PolicyLimits, string>> = {
  maxBytes: 'bytes',
  maxPolicies: 'policies',
  maxDepth: 'levels of expression nesting',
};

/** The error a refused publish answers: details `limit`, `max`, `actual` and the recorded refusal's `eventId`. */
export function policyLimitError(violation: PolicyLimitViolation, eventId: string): PolicyError {
  const { reason, limit, max, actual } = violation;
  return new PolicyError(
    reason,
    `policy set refused: ${actual} ${UNITS[limit]}, over the limit of ${max} (${limit})`,
    { limit, max, actual, eventId },
  );
}

/** Index of the closing quote of the string opening at `start` (or the last index when unterminated). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** Index of the line break ending the comment at `start` (or the last index). */
function endOfComment(text: string, start: number): number {
  for (let i = start + 2; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length - 1;
}

function isWordStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_';
}

function endOfWord(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && (isWordStart(text[end]!) || (text[end]! >= '0' && text[end]! <= '9'))) end++;
  return end;
}

/** UTF-8 length of `text` (a lone surrogate counts as the 3 bytes of U+FFFD, as an encoder writes it). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
