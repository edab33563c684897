import { utf8 } from '../bytes.js';
import { canonicalJson } from '../canonicalJson.js';
import { eventPreimage, GENESIS_HASH } from '../eventHash.js';
import { sha256Many } from '../hashing.js';
import type { Steps } from '../hashing.js';
import { toHex } from '../bytes.js';
import type { BundleEvent, EvidenceBundle } from './bundleFormat.js';
import { runStreamOf, SYSTEM_TENANT } from './bundleFormat.js';
import type { BundleFailure } from './bundleReport.js';

const where = (event: BundleEvent, at: number) => ({
  stream: event.stream,
  revision: event.revision,
  position: event.position,
  path: `$.events[${at}]`,
});

/** Events in strictly ascending position, redacted leaves too, all inside the checkpoint's tree. */
export function orderFailure(bundle: EvidenceBundle, treeSize: number): BundleFailure | null {
  const positions = [
    ...bundle.events.map((event, at) => ({ position: event.position, path: `$.events[${at}]` })),
    ...bundle.redacted.map((leaf, at) => ({ position: leaf.position, path: `$.redacted[${at}]` })),
  ];
  if (bundle.events.length === 0)
    return { code: 'BUNDLE_MALFORMED', message: 'the bundle holds no event', path: '$.events' };
  for (const [at, event] of bundle.events.entries()) {
    const previous = bundle.events[at - 1];
    if (previous !== undefined && event.position <= previous.position)
      return malformed(where(event, at), 'events must be in strictly ascending position', previous.position);
  }
  for (const [at, leaf] of bundle.redacted.entries()) {
    const previous = bundle.redacted[at - 1];
    if (previous !== undefined && leaf.position <= previous.position)
      return malformed(
        { path: `$.redacted[${at}]`, position: leaf.position },
        'redacted leaves must be in ascending position',
        previous.position,
      );
  }
  const seen = new Set<number>();
  for (const { position, path } of positions) {
    if (position >= treeSize)
      return {
        code: 'EVENT_NOT_COVERED',
        message: `position ${position} is outside the checkpoint's tree of ${treeSize} events`,
        position,
        path,
        expected: `< ${treeSize}`,
        actual: position,
      };
    if (seen.has(position)) return malformed({ path, position }, 'a position appears twice', position);
    seen.add(position);
  }
  return null;
}

/** Recomputes every event hash (one batch of digests) and names the first event whose stated hash differs. */
export function* hashFailure(events: readonly BundleEvent[]): Steps<BundleFailure | null> {
  const preimages: Uint8Array[] = [];
  for (const [at, event] of events.entries()) {
    try {
      preimages.push(
        utf8(eventPreimage({ ...event, data: canonicalJson(event.data), meta: canonicalJson(event.meta) })),
      );
    } catch (error) {
      return malformed(
        where(event, at),
        `event data or meta is not plain JSON (${(error as Error).message})`,
        null,
      );
    }
  }
  const digests = yield* sha256Many(preimages);
  for (const [at, event] of events.entries()) {
    const recomputed = toHex(digests[at] as Uint8Array);
    if (recomputed !== event.hash)
      return {
        code: 'EVENT_HASH_MISMATCH',
        message: 'event does not match its hash (content was changed)',
        ...where(event, at),
        expected: event.hash,
        actual: recomputed,
      };
  }
  return null;
}

/**
 * Every chain link the bundle can check: revision 0 links to the genesis value, and an event whose stream's
 * previous revision is also in the bundle links to that event's hash; revisions grow with positions.
 */
export function chainFailure(events: readonly BundleEvent[]): BundleFailure | null {
  const last = new Map<string, BundleEvent>();
  for (const [at, event] of events.entries()) {
    const previous = last.get(event.stream);
    last.set(event.stream, event);
    if (previous !== undefined && event.revision <= previous.revision)
      return {
        code: 'REVISION_GAP',
        message: 'stream revisions do not grow with positions',
        ...where(event, at),
        expected: `> ${previous.revision}`,
        actual: event.revision,
      };
    const expected =
      event.revision === 0 ? GENESIS_HASH : previous?.revision === event.revision - 1 ? previous.hash : null;
    if (expected !== null && event.prevHash !== expected)
      return {
        code: 'CHAIN_BROKEN',
        message: "event does not link to its stream's previous event",
        ...where(event, at),
        expected,
        actual: event.prevHash,
      };
  }
  return null;
}

/**
 * The story is complete: a run bundle holds its run's stream from revision 0 without a gap, every event of it in
 * the run's tenant; a range bundle accounts for every position of its range (an event, or a redacted leaf), and
 * with a tenant, every full event of the range is that tenant's or the ledger's own.
 */
export function storyFailure(bundle: EvidenceBundle): BundleFailure | null {
  const { subject } = bundle;
  if (subject.kind === 'run') {
    const stream = runStreamOf(subject.runId);
    let expected = 0;
    for (const [at, event] of bundle.events.entries()) {
      if (event.stream !== stream) continue;
      if (event.revision !== expected)
        return {
          code: 'STORY_INCOMPLETE',
          message: `revision ${expected} of ${stream} is missing from the bundle`,
          ...where(event, at),
          expected,
          actual: event.revision,
        };
      if (event.meta.tenant !== subject.tenant)
        return {
          code: 'SUBJECT_MISMATCH',
          message: "a run event is not in the run's tenant",
          ...where(event, at),
          expected: subject.tenant,
          actual: event.meta.tenant ?? null,
        };
      expected++;
    }
    return expected > 0
      ? null
      : {
          code: 'STORY_INCOMPLETE',
          message: `the bundle holds no event of ${stream}`,
          path: '$.events',
          expected: stream,
        };
  }
  if (subject.from > subject.to)
    return malformed({ path: '$.subject' }, 'a range must have from <= to', subject.from);
  const present = new Set([...bundle.events, ...bundle.redacted].map((entry) => entry.position));
  // Checked first so a hostile range cannot make the loop below run for 2^53 positions.
  if (subject.to - subject.from + 1 > present.size)
    return {
      code: 'STORY_INCOMPLETE',
      message: `the range holds ${subject.to - subject.from + 1} positions, the bundle accounts for ${present.size}`,
      path: '$.subject',
      expected: subject.to - subject.from + 1,
      actual: present.size,
    };
  for (let position = subject.from; position <= subject.to; position++) {
    if (!present.has(position))
      return {
        code: 'STORY_INCOMPLETE',
        message: `position ${position} of the range is missing from the bundle`,
        position,
        path: '$.events',
        expected: position,
      };
  }
  if (subject.tenant === null) return null;
  for (const [at, event] of bundle.events.entries()) {
    const tenant = event.meta.tenant;
    if (
      event.position >= subject.from &&
      event.position <= subject.to &&
      tenant !== subject.tenant &&
      tenant !== SYSTEM_TENANT
    )
      return {
        code: 'SUBJECT_MISMATCH',
        message: "an event of the range is another tenant's",
        ...where(event, at),
        expected: subject.tenant,
        actual: tenant ?? null,
      };
  }
  return null;
}

function malformed(
  at: {
    readonly path: string;
    readonly position?: number;
    readonly stream?: string;
    readonly revision?: number;
  },
  message: string,
  actual: number | null,
): BundleFailure {
  return { code: 'BUNDLE_MALFORMED', message, ...at, actual };
}
