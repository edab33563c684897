import type { JsonValue } from '../../../domain/events/json.js';
import { fromUtf8 } from '../bytes.js';
import { canonicalJson } from '../canonicalJson.js';
import { BUNDLE_FORMAT } from './bundleFormat.js';
import type { EvidenceBundle } from './bundleFormat.js';
import type { BundleFailure } from './bundleReport.js';

/** Bundles larger than this are refused before parsing (a 100,000-event range is far below it). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

const HEX_HASH = /^[0-9a-f]{64}$/;

type Reading = { readonly bundle: EvidenceBundle } | { readonly failure: BundleFailure };

/**
 * Reads bundle bytes without trusting them: strict UTF-8, JSON, exactly the canonical spelling (RFC 8785 JSON and
 * one final newline: any other byte sequence for the same content is refused, so no byte of a bundle is free to
 * change), the v1 format and the shape of every member. Never throws: a problem is a failure naming the JSON path.
 */
export function readBundle(bytes: Uint8Array): Reading {
  if (bytes.length > MAX_BUNDLE_BYTES)
    return fail(
      'BUNDLE_TOO_LARGE',
      `a bundle is at most ${MAX_BUNDLE_BYTES} bytes`,
      '$',
      MAX_BUNDLE_BYTES,
      bytes.length,
    );
  const text = fromUtf8(bytes);
  if (text === undefined) return fail('BUNDLE_MALFORMED', 'the bundle is not UTF-8 text', '$');
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return fail('BUNDLE_MALFORMED', `the bundle is not JSON (${(error as Error).message})`, '$');
  }
  const canonical = canonicalOrNull(value);
  if (canonical !== text) {
    const offset = firstDifference(canonical ?? '', text);
    return fail(
      'BUNDLE_NOT_CANONICAL',
      `the bundle is not in canonical form (RFC 8785 JSON and one newline): first difference at character ${offset}`,
      '$',
      (canonical ?? '').slice(offset, offset + 24),
      text.slice(offset, offset + 24),
    );
  }
  const problem = shapeProblem(value);
  return problem === null ? { bundle: value as unknown as EvidenceBundle } : { failure: problem };
}

function canonicalOrNull(value: JsonValue): string | null {
  try {
    return `${canonicalJson(value)}\n`;
  } catch {
    return null;
  }
}

function firstDifference(a: string, b: string): number {
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  return at;
}

type Check = (value: JsonValue | undefined, path: string) => BundleFailure | null;

const isObject = (value: JsonValue | undefined): value is { readonly [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count: Check = (value, path) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? null
    : malformed(path, 'a non-negative safe integer', value);
const text: Check = (value, path) => (typeof value === 'string' ? null : malformed(path, 'a string', value));
const hash: Check = (value, path) =>
  typeof value === 'string' && HEX_HASH.test(value)
    ? null
    : malformed(path, '64 lowercase hex digits', value);
const any: Check = (value, path) => (value === undefined ? malformed(path, 'present', value) : null);
const object: Check = (value, path) => (isObject(value) ? null : malformed(path, 'an object', value));
const nullableText: Check = (value, path) => (value === null ? null : text(value, path));

function listOf(item: Check): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return malformed(path, 'an array', value);
    for (const [at, entry] of (value as readonly JsonValue[]).entries()) {
      const problem = item(entry, `${path}[${at}]`);
      if (problem !== null) return problem;
    }
    return null;
  };
}

/** An object with exactly these members, each passing its check. */
function record(members: Readonly<Record<string, Check>>): Check {
  return (value, path) => {
    if (!isObject(value)) return malformed(path, 'an object', value);
    const extra = Object.keys(value).find((key) => !(key in members));
    if (extra !== undefined)
      return malformed(`${path}.${extra}`, 'absent (not a v1 bundle member)', value[extra]);
    for (const [key, check] of Object.entries(members)) {
      const problem = check(value[key], `${path}.${key}`);
      if (problem !== null) return problem;
    }
    return null;
  };
}

const event = record({
  id: text,
  stream: text,
  revision: count,
  position: count,
  type: text,
  schemaVersion: count,
  data: any,
  meta: object,
  prevHash: hash,
  hash,
});

const runSubject = record({ kind: text, runId: text, tenant: text });
const rangeSubject = record({ kind: text, tenant: nullableText, from: count, to: count });
const subject: Check = (value, path) => {
  if (isObject(value) && value.kind === 'run') return runSubject(value, path);
  if (isObject(value) && value.kind === 'range') return rangeSubject(value, path);
  return malformed(`${path}.kind`, '"run" or "range"', isObject(value) ? value.kind : value);
};

const bundleShape = record({
  format: (value, path) => (value === BUNDLE_FORMAT ? null : unsupported(path, value)),
  subject,
  checkpoint: text,
  witnesses: listOf(text),
  events: listOf(event),
  redacted: listOf(record({ position: count, hash })),
  inclusion: listOf(hash),
  consistency: listOf(record({ fromSize: count, fromRoot: hash, proof: listOf(hash) })),
});

function shapeProblem(value: JsonValue): BundleFailure | null {
  return bundleShape(value, '$');
}

function unsupported(path: string, value: JsonValue | undefined): BundleFailure {
  return {
    code: 'BUNDLE_FORMAT_UNSUPPORTED',
    message: `not a ${BUNDLE_FORMAT} bundle`,
    path,
    expected: BUNDLE_FORMAT,
    actual: value ?? null,
  };
}

function malformed(path: string, expected: string, actual: JsonValue | undefined): BundleFailure {
  const shown = typeof actual === 'string' && actual.length > 80 ? `${actual.slice(0, 80)}…` : actual;
  return {
    code: 'BUNDLE_MALFORMED',
    message: `${path} must be ${expected}`,
    path,
    expected,
    actual: isObject(shown) || Array.isArray(shown) ? '(a JSON value)' : (shown ?? null),
  };
}

function fail(
  code: string,
  message: string,
  path: string,
  expected?: JsonValue,
  actual?: JsonValue,
): { failure: BundleFailure } {
  return {
    failure: {
      code,
      message,
      path,
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    },
  };
}
