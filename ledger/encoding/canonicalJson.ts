import { LedgerError } from '../../domain/index.js';

/** Deeper nesting than this is refused rather than risking the stack on hostile input. */
export const MAX_JSON_DEPTH = 128;

/**
 * RFC 8785 (JCS) canonical JSON of `value`, refusing anything that is not plain JSON.
 *
 * Layout: objects with members sorted by their keys' UTF-16 code units, no whitespace; strings escaped as
 * ECMAScript JSON.stringify does (which is what JCS specifies); numbers in ECMAScript Number-to-String form
 * (so -0 becomes 0); `true`, `false`, `null` literally.
 *
 * Refused with `NON_JSON_VALUE` (details: `path`, `reason`): undefined, functions, symbols, BigInt, NaN and
 * ±Infinity, strings with lone surrogates, sparse arrays, cycles, objects that are not plain (Date, Map,
 * class instances, boxed primitives), and nesting deeper than MAX_JSON_DEPTH.
 */
export function canonicalJson(value: unknown, rootPath = '$'): string {
  return encode(value, rootPath, 0, new Set<object>());
}

function encode(value: unknown, path: string, depth: number, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw nonJson(path, `number ${String(value)} has no JSON form`);
      return String(value === 0 ? 0 : value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return encodeContainer(value, path, depth, ancestors);
    default:
      throw nonJson(path, `${typeof value} has no JSON form`);
  }
}

/** `String.prototype.isWellFormed` (Node 20+, ES2024): typed here because MIR targets the ES2023 library. */
type WellFormedCheckable = string & { isWellFormed(): boolean };

function encodeString(value: string, path: string): string {
  if (!(value as WellFormedCheckable).isWellFormed()) throw nonJson(path, 'string holds a lone surrogate');
  return JSON.stringify(value);
}

function encodeContainer(value: object, path: string, depth: number, ancestors: Set<object>): string {
  if (depth >= MAX_JSON_DEPTH) throw nonJson(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
  if (ancestors.has(value)) throw nonJson(path, 'cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, path, depth, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw nonJson(path, `${describeConstructor(value)} is not a plain object`);
    }
    return encodeObject(value as Record<string, unknown>, path, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function encodeArray(value: readonly unknown[], path: string, depth: number, ancestors: Set<object>): string {
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw nonJson(`${path}[${i}]`, 'sparse array hole');
    if (i > 0) out += ',';
    out += encode(value[i], `${path}[${i}]`, depth + 1, ancestors);
  }
  return out + ']';
}

function encodeObject(
  value: Record<string, unknown>,
  path: string,
  depth: number,
  ancestors: Set<object>,
): string {
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const childPath = `${path}.${key}`;
    if (i > 0) out += ',';
    out += encodeString(key, childPath) + ':' + encode(value[key], childPath, depth + 1, ancestors);
  }
  return out + '}';
}

function describeConstructor(value: object): string {
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}

function nonJson(path: string, reason: string): LedgerError {
  return new LedgerError('NON_JSON_VALUE', `${path}: ${reason}`, { path, reason });
}
