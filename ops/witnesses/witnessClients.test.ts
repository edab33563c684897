import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedEvent } from '../../domain/index.js';
import { cosignaturesFor, verifyCosignatures, WITNESSES_STREAM } from '../../ledger/index.js';
import type { SignedCheckpoint } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { spawnMirWitness } from '../cli/testing/mirProcess.js';
import type { MirWitnessProcess } from '../cli/testing/mirProcess.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import type { NodeLedger } from '../store/nodeLedger.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { startWitnessClients } from './startWitnessClients.js';
import type { WitnessClients } from './startWitnessClients.js';
import { parseWitnessEndpoints } from './witnessEndpoints.js';
import type { WitnessEndpoint } from './witnessEndpoints.js';

const quiet = pino({ level: 'silent' });
const cleanup: (() => unknown)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function openLedgerAt(dir: string): Promise<NodeLedger> {
  const opened = await openEmbeddedLedger(resolveDataDirectory(dir, {}), { checkpointEveryMs: 50 });
  cleanup.push(() => opened.ledger.close());
  return opened;
}

/** Appends `count` events to a stream of their own and signs a checkpoint covering them. */
async function grow({ ledger, log }: NodeLedger, stream: string, count: number): Promise<SignedCheckpoint> {
  await log.append(stream, testEvents(count), 'no_stream');
  return (await ledger.checkpointNow())!;
}

function startClients(
  opened: NodeLedger,
  endpoints: readonly WitnessEndpoint[],
  registry = new Registry(),
  signsCheckpoints?: () => boolean,
) {
  const clients: WitnessClients = startWitnessClients({
    ledger: opened.ledger,
    log: opened.log,
    endpoints,
    clock: systemClock,
    ids: uuidV7Ids,
    logger: quiet,
    registry,
    pollMs: 50,
    backoff: { initialBackoffMs: 100, maxBackoffMs: 400 },
    ...(signsCheckpoints === undefined ? {} : { signsCheckpoints }),
  });
  cleanup.push(() => clients.close());
  return registry;
}

async function witnessEvents(opened: NodeLedger, type: string): Promise<RecordedEvent[]> {
  return (await opened.log.readStream(WITNESSES_STREAM)).filter((event) => event.type === type);
}

async function startWitness(
  logKey: string,
): Promise<{ witness: MirWitnessProcess; endpoint: WitnessEndpoint }> {
  const witness = await spawnMirWitness(tempDir('mir-witness-state-'), [logKey]);
  cleanup.push(() => witness.stop());
  const [endpoint] = parseWitnessEndpoints(
    `${witness.url}=${witness.verifierKey}`,
    (message) => new Error(message),
  );
  return { witness, endpoint: endpoint! };
}

async function submissions(registry: Registry, outcome: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find(
    (entry) => entry.name === 'mir_witness_submissions_total',
  );
  return metric?.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

const WAIT = { timeout: 20_000, interval: 50 };

describe('witness clients against a real mir witness', () => {
  it('given a node that does not sign checkpoints (another node of a shared ledger holds the lease), then its clients submit nothing until it signs', async () => {
    const opened = await openLedgerAt(tempDir('mir-ledger-follower-'));
    const { endpoint } = await startWitness(opened.ledger.verifierKey);
    let signs = false;
    const registry = startClients(opened, [endpoint], new Registry(), () => signs);
    const { treeSize, rootHash } = (await grow(opened, 'thing-follower', 3)).checkpoint;
    // Ten poll intervals with nothing submitted: the node only follows.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const outcome of ['cosigned', 'refused', 'unreachable'])
      expect(await submissions(registry, outcome)).toBe(0);
    signs = true;
    await vi.waitFor(async () => {
      expect(await cosignaturesFor(opened.log, treeSize, rootHash.toString('hex'))).toHaveLength(1);
    }, WAIT);
  });

  it('given a ledger and a fork of it, when both submit to one witness, then the first is cosigned and the fork refused', async () => {
    const dirA = tempDir('mir-ledger-a-');
    const shared = await openEmbeddedLedger(resolveDataDirectory(dirA, {}), { checkpointEveryMs: 50 });
    await grow(shared, 'thing-shared', 5);
    const logKey = shared.ledger.verifierKey;
    await shared.ledger.close();
    const dirB = tempDir('mir-ledger-b-');
    cpSync(dirA, dirB, { recursive: true });
    const a = await openLedgerAt(dirA);
    const b = await openLedgerAt(dirB);
    const { endpoint } = await startWitness(logKey);

    // The original ledger: every checkpoint it shows the witness extends the last one.
    startClients(a, [endpoint]);
    const cosignedA = await grow(a, 'thing-a', 3);
    const { treeSize, rootHash } = cosignedA.checkpoint;
    const found = await vi.waitFor(async () => {
      const recorded = await cosignaturesFor(a.log, treeSize, rootHash.toString('hex'));
      expect(recorded).toHaveLength(1);
      return recorded;
    }, WAIT);
    expect(found[0]!.witnessKey).toBe(endpoint.verifierKey);
    const report = verifyCosignatures(`${cosignedA.note}${found[0]!.line}\n`, [endpoint.key]);
    expect(report.verified.map((entry) => entry.line)).toEqual([found[0]!.line]);

    // The fork: same history up to the copy, then other events. No proof from the witness's size verifies.
    const forked = await grow(b, 'thing-b', 20);
    const registryB = startClients(b, [endpoint]);
    const [refused] = await vi.waitFor(async () => {
      const events = await witnessEvents(b, 'CheckpointWitnessRefused');
      expect(events).toHaveLength(1);
      return events;
    }, WAIT);
    expect(refused!.data).toMatchObject({
      witness: endpoint.verifierKey,
      url: endpoint.url,
      treeSize: forked.checkpoint.treeSize,
      rootHash: forked.checkpoint.rootHash.toString('hex'),
      status: 422,
      witnessSize: treeSize,
    });
    expect(
      await cosignaturesFor(b.log, forked.checkpoint.treeSize, forked.checkpoint.rootHash.toString('hex')),
    ).toEqual([]);

    // It keeps refusing the fork's next checkpoint for the same reason: that is not recorded again.
    await grow(b, 'thing-b2', 2);
    await vi.waitFor(
      async () => expect(await submissions(registryB, 'refused')).toBeGreaterThanOrEqual(2),
      WAIT,
    );
    expect(await witnessEvents(b, 'CheckpointWitnessRefused')).toHaveLength(1);
  });

  it('given an unreachable witness, when checkpoints are signed, then it is counted and retried, never recorded', async () => {
    const { witness, endpoint } = await startWitness(
      (await openLedgerAt(tempDir('mir-ledger-'))).ledger.verifierKey,
    );
    await witness.stop();
    const opened = await openLedgerAt(tempDir('mir-ledger-'));
    const registry = startClients(opened, [endpoint]);
    await grow(opened, 'thing-x', 2);
    await vi.waitFor(
      async () => expect(await submissions(registry, 'unreachable')).toBeGreaterThanOrEqual(2),
      WAIT,
    );
    expect(await opened.log.readStream(WITNESSES_STREAM)).toEqual([]);
  });
});
