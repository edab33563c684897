import type { JsonValue } from '../../../domain/events/json.js';
import { fromUtf8 } from '../bytes.js';
import { canonicalJson } from '../canonicalJson.js';
import { BUNDLE_FORMAT } from './bundleFormat.js';
import type { EvidenceBundle } from './bundleFormat.js';
import type { BundleFailure } from './bundleReport.js';

/** Bundles larger than this are refused before parsing (a 100,000-event range is far below it). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

const HEX_HASH = /^[0-9a-f]{64}$/;
const BLOB_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The canonical JSON text of each event's `data` and `meta`, as hashed (computed once, while reading). */
export interface EventTexts {
  readonly data: string;
  readonly meta: string;
}

type Reading =
  | { readonly bundle: EvidenceBundle; readonly eventTexts: readonly EventTexts[] }
  | { readonly failure: BundleFailure };

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
  const problem = shapeProblem(value);
  if (problem !== null) return { failure: problem };
  const bundle = value as unknown as EvidenceBundle;
  const eventTexts = canonicalEventTexts(bundle);
  const canonical = eventTexts === null ? null : canonicalBundle(bundle, eventTexts);
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
  return { bundle, eventTexts: eventTexts as EventTexts[] };
}

function canonicalEventTexts(bundle: EvidenceBundle): EventTexts[] | null {
  try {
    return bundle.events.map((event) => ({
      data: canonicalJson(event.data),
      meta: canonicalJson(event.meta),
    }));
  } catch {
    return null; // not plain JSON (a lone surrogate): no canonical form exists
  }
}

/**
 * The RFC 8785 text of the bundle and a newline, assembled from its members in key order with each event's
 * `data` and `meta` text computed once (they are hashed too): the same bytes as canonicalJson of the whole bundle
 * (every exported bundle is written with canonicalJson, so verifying one checks it), for half the cost.
 */
function canonicalBundle(bundle: EvidenceBundle, texts: readonly EventTexts[]): string | null {
  try {
    const events = bundle.events.map((event, at) => {
      const { data, meta } = texts[at] as EventTexts;
      const string = (value: string) => canonicalJson(value);
      return (
        `{"data":${data},"hash":${string(event.hash)},"id":${string(event.id)},"meta":${meta},` +
        `"position":${event.position},"prevHash":${string(event.prevHash)},"revision":${event.revision},` +
        `"schemaVersion":${event.schemaVersion},"stream":${string(event.stream)},"type":${string(event.type)}}`
      );
    });
    const member = (key: Exclude<keyof EvidenceBundle, 'blobs'>) => canonicalJson(bundle[key]);
    const blobs = bundle.blobs === undefined ? '' : `"blobs":${canonicalJson(bundle.blobs)},`;
    return (
      `{${blobs}"checkpoint":${member('checkpoint')},"consistency":${member('consistency')},"events":[${events.join(',')}],` +
      `"format":${member('format')},"inclusion":${member('inclusion')},"redacted":${member('redacted')},` +
      `"subject":${member('subject')},"witnesses":${member('witnesses')}}\n`
    );
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
const blobDigest: Check = (value, path) =>
  typeof value === 'string' && BLOB_DIGEST.test(value)
    ? null
    : malformed(path, 'sha256: and 64 lowercase hex digits', value);

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

/** A member that may be absent; when present, a list of at least one item (the only spelling of "none" is absence). */
function optionalNonEmptyListOf(item: Check): Check {
  return (value, path) => {
    if (value === undefined) return null;
    if (Array.isArray(value) && value.length === 0) return malformed(path, 'absent rather than empty', value);
    return listOf(item)(value, path);
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
  blobs: optionalNonEmptyListOf(record({ digest: blobDigest, bytes: text })),
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
