import { LedgerError } from '../../domain/errors/ledgerErrors.js';

/** Deeper nesting than this is refused rather than risking the stack on hostile input. */
export const MAX_JSON_DEPTH = 128;

/** `String.prototype.isWellFormed` (Node 20+, ES2024): typed here because MIR targets the ES2023 library. */
type WellFormedCheckable = string & { isWellFormed(): boolean };

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
  return new CanonicalEncoder(rootPath).encode(value);
}

/** Strings that need no escaping in JSON: printable ASCII except `"` and `\`. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** One encoding pass. The path to the current value is kept as a stack and joined only when reporting an error. */
class CanonicalEncoder {
  readonly #path: (string | number)[];
  /** Containers being encoded, outermost first: a cycle is a container that is its own ancestor. */
  readonly #ancestors: object[] = [];

  constructor(rootPath: string) {
    this.#path = [rootPath];
  }

  encode(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        if (!Number.isFinite(value)) throw this.#refuse(`number ${String(value)} has no JSON form`);
        return String(value === 0 ? 0 : value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        return value === null ? 'null' : this.#container(value);
      default:
        throw this.#refuse(`${typeof value} has no JSON form`);
    }
  }

  #string(value: string): string {
    // Most keys and values are printable ASCII without quote or backslash: their JSON form is the string quoted.
    if (PLAIN_ASCII.test(value)) return `"${value}"`;
    if (!(value as WellFormedCheckable).isWellFormed()) throw this.#refuse('string holds a lone surrogate');
    return JSON.stringify(value);
  }

  #container(value: object): string {
    if (this.#path.length > MAX_JSON_DEPTH) throw this.#refuse(`nesting deeper than ${MAX_JSON_DEPTH}`);
    if (this.#ancestors.includes(value)) throw this.#refuse('cycle');
    this.#ancestors.push(value);
    const encoded = Array.isArray(value) ? this.#array(value) : this.#object(value);
    this.#ancestors.pop();
    return encoded;
  }

  #array(value: readonly unknown[]): string {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      this.#path.push(i);
      if (!(i in value)) throw this.#refuse('sparse array hole');
      out += (i > 0 ? ',' : '') + this.encode(value[i]);
      this.#path.pop();
    }
    return out + ']';
  }

  #object(value: object): string {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw this.#refuse(`${describeConstructor(value)} is not a plain object`);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      this.#path.push(key);
      out += (i > 0 ? ',' : '') + this.#string(key) + ':' + this.encode(record[key]);
      this.#path.pop();
    }
    return out + '}';
  }

  #refuse(reason: string): LedgerError {
    const path = this.#path
      .map((part, i) => (i === 0 ? String(part) : typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('');
    return new LedgerError('NON_JSON_VALUE', `${path}: ${reason}`, { path, reason });
  }
}

function describeConstructor(value: object): string {
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}
