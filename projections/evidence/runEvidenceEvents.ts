import {
  modelStream,
  policyStream,
  readWholeStream,
  RUN_STREAM_PREFIX,
  SYSTEM_TENANT,
  toolStream,
} from '../../domain/index.js';
import type { EventLog, JsonValue, RecordedEvent, RunStartedData } from '../../domain/index.js';
import { appliedMemoryStreams } from '../explain/explainSections.js';

/** Forks of forks are followed this deep; a longer chain is cut (the bundle still proves what it holds). */
const MAX_FORK_DEPTH = 16;

/** A run's story for its evidence bundle: its own stream, and what its decisions named. */
export interface RunEvidenceEvents {
  readonly tenant: string;
  /** The run's stream, whole. */
  readonly runEvents: readonly RecordedEvent[];
  /**
   * Everything the run's events name, as the ledger recorded it: the policy-set versions its decisions used, the
   * registrations of the tool versions it called and of the models it ran (by version and hash), the memory records
   * it applied (each up to the revision applied), and for a fork the source run up to the fork point.
   */
  readonly contextEvents: readonly RecordedEvent[];
}

/**
 * Gathers the events an evidence bundle of run `runId` carries. `tenant` null reads any tenant (operator tooling);
 * otherwise another tenant's run is answered like a missing one: null.
 */
export async function runEvidenceEvents(
  log: EventLog,
  runId: string,
  tenant: string | null,
): Promise<RunEvidenceEvents | null> {
  const runEvents = await readWholeStream(log, `${RUN_STREAM_PREFIX}${runId}`);
  const owner = runEvents[0]?.meta.tenant;
  if (owner === undefined || (tenant !== null && owner !== tenant)) return null;
  const forkSources = await forkSourcesOf(log, runEvents);
  const named = [...runEvents, ...forkSources];
  const context = [
    ...forkSources,
    ...(await policySetsNamed(log, owner, named)),
    ...(await registrationsNamed(log, owner, named)),
    ...(await memoriesApplied(log, named)),
  ];
  return { tenant: owner, runEvents, contextEvents: context };
}

/** The source run of a fork up to the fork point, and its own source, and so on. */
async function forkSourcesOf(log: EventLog, runEvents: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const sources: RecordedEvent[] = [];
  let origin = forkOrigin(runEvents);
  for (let depth = 0; origin !== undefined && depth < MAX_FORK_DEPTH; depth++) {
    const { runId, position } = origin;
    const source = (await readWholeStream(log, `${RUN_STREAM_PREFIX}${runId}`)).filter(
      (event) => event.position <= position,
    );
    sources.push(...source);
    origin = forkOrigin(source);
  }
  return sources;
}

function forkOrigin(runEvents: readonly RecordedEvent[]): RunStartedData['forkedFrom'] {
  const started = runEvents.find((event) => event.type === 'RunStarted');
  return (started?.data as unknown as RunStartedData | undefined)?.forkedFrom;
}

/** Every `PolicySetPublished` whose version a decision of the run names. */
async function policySetsNamed(
  log: EventLog,
  tenant: string,
  events: readonly RecordedEvent[],
): Promise<RecordedEvent[]> {
  const versions = new Set(events.map((event) => field(event.data, 'policySetVersion')).filter(isNumber));
  if (versions.size === 0) return [];
  return (await readWholeStream(log, policyStream(tenant))).filter(
    (event) => event.type === 'PolicySetPublished' && versions.has(field(event.data, 'version') as number),
  );
}

/** The registrations of every tool version called and every model version run (the tenant's own or global). */
async function registrationsNamed(
  log: EventLog,
  tenant: string,
  events: readonly RecordedEvent[],
): Promise<RecordedEvent[]> {
  const wanted = new Map<string, Set<string>>();
  const want = (stream: string, version: string) =>
    wanted.set(stream, (wanted.get(stream) ?? new Set()).add(version));
  for (const event of events) {
    for (const key of ['model', 'riskModel', 'tool'] as const) {
      const reference = field(event.data, key);
      const name = field(reference ?? null, 'name');
      const version = field(reference ?? null, 'version');
      if (typeof name !== 'string' || typeof version !== 'string') continue;
      const streamOf = key === 'tool' ? toolStream : modelStream;
      for (const owner of new Set([tenant, SYSTEM_TENANT])) want(streamOf(owner, name), version);
    }
  }
  const found: RecordedEvent[] = [];
  for (const [stream, versions] of wanted) {
    for (const event of await readWholeStream(log, stream)) {
      const registration = event.type === 'ToolRegistered' || event.type === 'ModelRegistered';
      if (registration && versions.has(field(event.data, 'version') as string)) found.push(event);
    }
  }
  return found;
}

/** Each applied memory's stream, up to the highest revision the run applied. */
async function memoriesApplied(log: EventLog, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const applied = new Map<string, number>();
  for (const event of events.filter((candidate) => candidate.type === 'MemoryApplied')) {
    const stream = field(event.data, 'memoryStream');
    const revision = field(event.data, 'memoryRevision');
    if (typeof stream === 'string' && isNumber(revision))
      applied.set(stream, Math.max(applied.get(stream) ?? 0, revision));
  }
  const found: RecordedEvent[] = [];
  for (const stream of appliedMemoryStreams(events)) {
    const upTo = applied.get(stream) ?? -1;
    found.push(...(await readWholeStream(log, stream)).filter((event) => event.revision <= upTo));
  }
  return found;
}

function field(value: JsonValue, key: string): JsonValue | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)[key]
    : undefined;
}

const isNumber = (value: JsonValue | undefined): value is number => typeof value === 'number';
