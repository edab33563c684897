import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINTS_STREAM, openPostgresEventLog } from '../../ledger/index.js';
import { startTestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import type { TestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import { runMir } from '../cli/testing/mirProcess.js';
import { startAppendingClients } from './testing/appendingClients.js';
import {
  checkpointProblems,
  deliveryProblems,
  firstCheckpointAfter,
  lostAcknowledged,
  runStreamProblems,
} from './testing/clusterAudit.js';
import { ClusterNode, shareSigningKey } from './testing/clusterNode.js';
import { leaseHolder, readWholeLog } from './testing/clusterRoles.js';
import { TailSubscriber } from './testing/tailSubscriber.js';

/** Fewer moving parts on a 2-core machine: no shipped models to register and warm on every start. */
const NODE_SETTINGS = { MIR_SHIPPED_MODELS: '0' };
const CLIENTS = 32;
/** Acknowledged operations to wait for between two failures: the load is flowing through every phase. */
const BETWEEN_FAILURES = 150;

let postgres: TestPostgres;
let root: string;
const nodes: ClusterNode[] = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
  root = mkdtempSync(join(tmpdir(), 'mir-cluster-'));
});
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.kill9()));
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
});

// The one slow test of the cluster work: 3 real `mir serve` processes (each compiles through tsx), 5 starts in all,
// 32 clients, PostgreSQL restarted under them. A minute or so here; the timeout is generous, not a speed bound.
describe('three MIR nodes over one PostgreSQL, under failure', { timeout: 300_000 }, () => {
  it('given 32 clients appending through 3 nodes, when a node, then the checkpointer node are killed -9 and PostgreSQL restarts, then nothing acknowledged is lost or duplicated, the ledger verifies, checkpoints only grow, another node takes over signing and every surviving subscriber saw every event in order', async () => {
    // Given: node a creates the ledger on an empty database; b and c join with its signing key.
    const store = await postgres.createDatabase('cluster');
    nodes.push(
      ...['a', 'b', 'c'].map((name) => new ClusterNode(name, join(root, name), store, NODE_SETTINGS)),
    );
    let loadStatus = () => 'no load yet';
    // Each step fails on its own, naming itself and the state of the load and the nodes, rather than the whole
    // test timing out without a word.
    const within = <T>(step: string, work: Promise<T>, ms = 60_000): Promise<T> =>
      Promise.race([
        work,
        sleep(ms, undefined, { ref: false }).then(() => {
          const tails = nodes.map((node) => `--- ${node.name}:\n${node.output().slice(-1500)}`).join('\n');
          throw new Error(`${step}: not done after ${ms} ms; ${loadStatus()}\n${tails}`);
        }),
      ]);
    const [first] = nodes as [ClusterNode];
    await within('start of the first node', first.start());
    const token = readFileSync(join(first.dataDir, 'keys', 'admin.token'), 'utf8').trim();
    for (const node of nodes.slice(1)) shareSigningKey(first.dataDir, node.dataDir);
    await within('start of the joining nodes', Promise.all(nodes.slice(1).map((node) => node.start())));
    const subscribers: TailSubscriber[] = [];
    const subscribe = (node: ClusterNode) =>
      subscribers.push(
        new TailSubscriber(
          `${node.name}#${node.incarnations}`,
          node.url!,
          token,
          subscribers.length % 2 === 0 ? 'sse' : 'ws',
        ),
      );
    nodes.forEach(subscribe);
    const killAndRestart = async (node: ClusterNode) => {
      await Promise.all(
        subscribers.filter((s) => s.node.startsWith(`${node.name}#`)).map((s) => s.abandon()),
      );
      await node.kill9();
      return async () => {
        await node.start();
        subscribe(node);
      };
    };
    const load = startAppendingClients({ clients: CLIENTS, targets: nodes, token });
    loadStatus = () => load.status();
    const phase = (step: string) =>
      within(step, load.acknowledgedAtLeast(load.acknowledgedCount() + BETWEEN_FAILURES));
    await phase('load through 3 nodes');

    // When: kill -9 a node that does not sign, restart it.
    const holder = await within('first lease holder', leaseHolder(nodes, 30_000));
    const bystander = nodes.find((node) => node !== holder)!;
    await within(`restart of ${bystander.name}`, (await killAndRestart(bystander))());
    await phase(`load after ${bystander.name} restarted`);
    // When: kill -9 the node holding the checkpoint lease; another must take over while it is down.
    const killedAt = Date.now();
    const restartHolder = await killAndRestart(holder);
    const successor = await within('lease takeover', leaseHolder(nodes, 60_000));
    const takeoverMs = Date.now() - killedAt;
    await phase(`load without ${holder.name}`);
    // The successor signs while the holder is down: wait for its first checkpoint (a loaded machine may take a
    // checkpoint interval or two) before the holder comes back.
    await within('a checkpoint signed by the successor', checkpointSignedAfter(store, killedAt));
    const holderBackAt = Date.now();
    await within(`restart of ${holder.name}`, restartHolder());
    // When: PostgreSQL itself restarts (connections dropped, committed work kept) while the clients keep going.
    await within('PostgreSQL restart', postgres.restart());
    await phase('load after the PostgreSQL restart');
    const report = await within('clients finishing', load.stop());

    // Then: every acknowledged operation's events are in the ledger, each exactly once.
    const log = await openPostgresEventLog(store, { readOnly: true });
    const ledger = await readWholeLog(log);
    const context = {
      failedAttempts: report.failedAttempts,
      failureSample: report.failureSample,
      takeoverMs,
    };
    expect({ lost: lostAcknowledged(report.acknowledged, ledger), context }).toEqual({ lost: [], context });
    expect(runStreamProblems(report.acknowledged, ledger)).toEqual([]);
    expect(report.acknowledged.length).toBeGreaterThanOrEqual(4 * BETWEEN_FAILURES);
    // The failures were real: some attempts failed and were retried.
    expect(report.failedAttempts).toBeGreaterThan(0);

    // Then: every subscriber that was never on a killed node saw every run event, once, in order.
    const expected = ledger.filter((event) => event.stream.startsWith('run-')).map((event) => event.position);
    const surviving = subscribers.filter((subscriber) => !subscriber.abandoned);
    expect(surviving.length).toBeGreaterThanOrEqual(3);
    await Promise.all(surviving.map((subscriber) => subscriber.reached(expected.at(-1)!, 30_000)));
    for (const subscriber of surviving) {
      const problems = deliveryProblems(subscriber.positions, expected);
      expect({ node: subscriber.node, problems }).toEqual({ node: subscriber.node, problems: [] });
      await subscriber.abandon();
    }

    // Then: the nodes stop cleanly; checkpoints only grow, on one chain, and while the holder was down another
    // node signed.
    const stopped = await within('graceful stops', Promise.all(nodes.map((node) => node.stop())));
    expect(stopped).toEqual([0, 0, 0]);
    const checkpoints = (await readWholeLog(log)).filter((event) => event.stream === CHECKPOINTS_STREAM);
    expect(checkpointProblems(checkpoints)).toEqual([]);
    expect(successor).not.toBe(holder);
    // The lease lapses 3 s after the holder's last renewal, and is taken at the next renewal (every second): a
    // bound of "within seconds", generous for a loaded machine, not a speed measurement.
    expect(takeoverMs).toBeLessThan(15_000);
    expect(firstCheckpointAfter(checkpoints, killedAt)?.timestamp).toBeLessThan(holderBackAt);

    // Then: `mir verify --store` recomputes the whole ledger and finds it intact.
    const head = await log.headPosition();
    await log.close();
    const verified = await runMir(['verify', '--store', store, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, eventsVerified: head! + 1 });
  });
});

/** Resolves once the ledger at `store` holds a checkpoint whose timestamp is after `afterMs`. */
async function checkpointSignedAfter(store: string, afterMs: number): Promise<void> {
  const log = await openPostgresEventLog(store, { readOnly: true });
  try {
    for (;;) {
      const [last] = await log.readStream(CHECKPOINTS_STREAM, { direction: 'backwards', maxCount: 1 });
      if (last !== undefined && (last.data as unknown as { timestamp: number }).timestamp > afterMs) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await log.close();
  }
}
