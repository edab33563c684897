import { policyStream, readWholeStream, RUN_STREAM_PREFIX } from '../../domain/index.js';
import type { EventLog, PolicySetPublishedData, RecordedEvent } from '../../domain/index.js';
import { ProjectionError } from '../projectionErrors.js';
import { runAsOf } from '../runAsOf.js';
import type { RunAsOf } from '../runAsOf.js';
import { assembleExplanation, chainOf, isCovered } from './assembleExplanation.js';
import { appliedMemoryStreams } from './explainSections.js';
import type { PolicySetText } from './explainSections.js';
import { MAX_CHAIN_EVENTS } from './explanation.js';
import type { CheckpointView, EventCauses, Explanation } from './explanation.js';

/** A signed checkpoint as the ledger hands it out (`SignedCheckpoint`, structurally). */
export interface SignedCheckpointLike {
  readonly checkpoint: {
    readonly origin: string;
    readonly treeSize: number;
    readonly rootHash: Uint8Array;
    readonly timestamp: number;
  };
  readonly note: string;
}

/** The ledger's checkpoints and proofs: the running `Ledger`, or `openProofReader` offline. */
export interface ProofSource {
  latestCheckpoint(): SignedCheckpointLike | null | Promise<SignedCheckpointLike | null>;
  inclusionProof(position: number, treeSize: number): Promise<readonly Uint8Array[]>;
}

/** Where explain reads from. Only `locate` decides what the caller may see (with the tenant check below). */
export interface ExplainSources {
  readonly log: EventLog;
  /** Global position of the event with this id, or null when there is none (for this caller). */
  locate(eventId: string): Promise<number | null>;
  readonly proofs: ProofSource;
  /** Each policy's Cedar text by `@id`, from a whole policy-set text; null when it cannot be split. */
  splitPolicies(text: string): Readonly<Record<string, string>> | null;
}

const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PAGE = 1000;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Explains the event `eventId`: gathers its causes, its run folded up to it, the policy sets, memories, model
 * and proof it involves, then assembles (`assembleExplanation`). `tenant` null reads every tenant (operator
 * tooling on a data directory); otherwise another tenant's event is answered like a missing one: null.
 * INVALID_EVENT_ID unless `eventId` is a lowercase UUID; ledger errors pass through.
 */
export async function explainEvent(
  sources: ExplainSources,
  eventId: string,
  tenant: string | null,
): Promise<Explanation | null> {
  if (!EVENT_ID.test(eventId))
    throw new ProjectionError('INVALID_EVENT_ID', 'an event id is a lowercase UUID', { eventId });
  const event = await eventById(sources, eventId, tenant);
  if (event === null) return null;
  const run = await runAt(sources.log, event);
  const checkpoint = await latestCheckpoint(sources.proofs);
  return assembleExplanation({
    event,
    causes: await causesOf(sources, event),
    run,
    policySets: run === null ? [] : await policySetsOf(sources, event.meta.tenant, run.events),
    memoryHistories: await memoryHistoriesOf(sources.log, run?.events ?? []),
    checkpoint,
    proofHashes: isCovered(event.position, checkpoint)
      ? (await sources.proofs.inclusionProof(event.position, checkpoint.treeSize)).map(hex)
      : null,
  });
}

async function eventById(
  sources: ExplainSources,
  eventId: string,
  tenant: string | null,
): Promise<RecordedEvent | null> {
  const position = await sources.locate(eventId);
  if (position === null) return null;
  const [event] = await sources.log.readAll({ fromPosition: position, maxCount: 1 });
  if (event?.id !== eventId) return null;
  return tenant === null || event.meta.tenant === tenant ? event : null;
}

/** Causation walked back through events of the same tenant; correlation searched in the event's own stream. */
async function causesOf(sources: ExplainSources, event: RecordedEvent): Promise<EventCauses> {
  const causation: RecordedEvent[] = [];
  const seen = new Set([event.id]);
  let cause = event.meta.causationId;
  while (causation.length <= MAX_CHAIN_EVENTS && !seen.has(cause)) {
    seen.add(cause);
    const found = await eventById(sources, cause, event.meta.tenant).catch(() => null);
    if (found === null) break;
    causation.push(found);
    cause = found.meta.causationId;
  }
  const correlation = await streamEvents(sources.log, event.stream, (candidate) =>
    candidate.meta.correlationId === event.meta.correlationId ? 'keep' : 'skip',
  );
  return { causation: chainOf(causation), correlation: chainOf(correlation) };
}

/** Reads `stream` in pages, keeping what `pick` keeps, until one more than a chain may hold is kept. */
async function streamEvents(
  log: EventLog,
  stream: string,
  pick: (event: RecordedEvent) => 'keep' | 'skip',
): Promise<RecordedEvent[]> {
  const kept: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await log.readStream(stream, { fromRevision: from, maxCount: PAGE });
    for (const event of page) {
      if (pick(event) === 'keep') kept.push(event);
      if (kept.length > MAX_CHAIN_EVENTS) return kept;
    }
    if (page.length < PAGE) return kept;
  }
}

function runAt(log: EventLog, event: RecordedEvent): Promise<RunAsOf | null> {
  if (!event.stream.startsWith(RUN_STREAM_PREFIX)) return Promise.resolve(null);
  const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
  return runAsOf(log, event.meta.tenant, runId, event.position);
}

async function latestCheckpoint(proofs: ProofSource): Promise<CheckpointView | null> {
  const latest = await proofs.latestCheckpoint();
  if (latest === null) return null;
  const { origin, treeSize, rootHash, timestamp } = latest.checkpoint;
  return { origin, treeSize, rootHash: hex(rootHash), timestamp, note: latest.note };
}

/** The tenant's published policy sets whose versions the run's `PolicyDecided` events name, split by `@id`. */
function policySetsOf(
  sources: ExplainSources,
  tenant: string,
  runEvents: readonly RecordedEvent[],
): Promise<PolicySetText[]> {
  const versions = runEvents
    .filter((event) => event.type === 'PolicyDecided')
    .map((event) => (event.data as { policySetVersion?: unknown }).policySetVersion);
  return publishedPolicySets(sources, tenant, versions);
}

/**
 * The tenant's published policy sets of these versions (anything not a number is ignored), each split into its
 * policies' Cedar text by `@id`; one read of the tenant's policy stream, none when no version is a number.
 */
export async function publishedPolicySets(
  sources: Pick<ExplainSources, 'log' | 'splitPolicies'>,
  tenant: string,
  versions: Iterable<unknown>,
): Promise<PolicySetText[]> {
  const wanted = new Set([...versions].filter((version) => typeof version === 'number'));
  if (wanted.size === 0) return [];
  // Every version: a chain's cap must not cut off the set a decision names.
  const published = await readWholeStream(sources.log, policyStream(tenant));
  return published
    .filter((event) => event.type === 'PolicySetPublished')
    .map((event) => event.data as unknown as PolicySetPublishedData)
    .filter((data) => wanted.has(data.version))
    .map((data) => ({
      version: data.version,
      sha256: data.sha256,
      policies: sources.splitPolicies(data.policies),
    }));
}

async function memoryHistoriesOf(
  log: EventLog,
  runEvents: readonly RecordedEvent[],
): Promise<Map<string, readonly RecordedEvent[]>> {
  const histories = new Map<string, readonly RecordedEvent[]>();
  for (const stream of appliedMemoryStreams(runEvents))
    histories.set(stream, await readWholeStream(log, stream));
  return histories;
}
