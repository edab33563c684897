import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHECKPOINTS_STREAM, SIGNING_KEY_FILE_NAME } from '../../ledger/index.js';
import { startTestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import type { TestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import { subscribeSse } from '../bench/sseClients.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { startMirRuntime } from '../runtime/mirRuntime.js';
import type { MirRuntime } from '../runtime/mirRuntime.js';
import { openStoreLog } from './ledgerStore.js';

const quiet = pino({ level: 'silent' });
const admin = { kind: 'user', id: 'cluster-test' } as const;
// Fast checkpoints, no shipped models to register: the nodes start in a second or two.
const env = { MIR_SHIPPED_MODELS: '0', MIR_CHECKPOINT_EVERY_MS: '50' };

/** Two MIR nodes, each with its own data directory, over one PostgreSQL ledger. */
describe('several MIR nodes over one PostgreSQL ledger (real PostgreSQL, real HTTP)', () => {
  let postgres: TestPostgres;
  let root: string;
  let store: string;
  let nodeA: MirRuntime;
  let nodeB: MirRuntime;
  let adminToken: string;

  const dataDir = (name: string) => join(root, name);
  const start = (name: string) =>
    startMirRuntime(loadRuntimeConfig({ data: dataDir(name), port: '0', store }, env), quiet);

  beforeAll(async () => {
    postgres = await startTestPostgres();
    store = `${await postgres.createDatabase('cluster')}?schema=mir_cluster`;
    root = mkdtempSync(join(tmpdir(), 'mir-cluster-'));
    nodeA = await start('a');
    adminToken = nodeA.bootstrapKey!.token;
    // Joining the cluster: the second node gets a copy of the first's signing key file, nothing else.
    mkdirSync(join(dataDir('b'), 'keys'), { recursive: true, mode: 0o700 });
    const keyFile = join(dataDir('b'), 'keys', SIGNING_KEY_FILE_NAME);
    copyFileSync(join(dataDir('a'), 'keys', SIGNING_KEY_FILE_NAME), keyFile);
    chmodSync(keyFile, 0o600);
    nodeB = await start('b');
  }, 60_000);

  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('given a node that created the ledger, then only it issued an admin key, and that key works on both nodes of one ledger', async () => {
    expect(nodeB.bootstrapKey).toBeNull();
    const onA = await graphql(nodeA, adminToken, '{ ledger { origin } }');
    const onB = await graphql(nodeB, adminToken, '{ ledger { origin } }');
    expect(onA.data).toEqual({ ledger: { origin: nodeA.ledger.origin } });
    expect(onB.data).toEqual(onA.data);
    expect(nodeB.ledger.verifierKey).toBe(nodeA.ledger.verifierKey);
  });

  it('given a node whose keys/ holds no signing key, when it opens the shared ledger, then it refuses to start, naming the key file to copy', async () => {
    const refused: unknown = await start('c').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'SIGNING_KEY_NOT_COPIED' });
    expect((refused as Error).message).toContain(
      `copy keys/${SIGNING_KEY_FILE_NAME} from a node of the cluster`,
    );
  });

  it('given an API key used on node B, when node A revokes it, then node B refuses its very next request', async () => {
    const app = await nodeA.apiKeys.issue({ role: 'app', tenant: 'acme', label: 'cluster' }, admin);
    expect((await graphql(nodeB, app.token, '{ viewer { tenant } }')).data).toEqual({
      viewer: { tenant: 'acme' },
    });
    await nodeA.apiKeys.revoke(app.keyId, 'leaked', admin);
    const refused = await graphql(nodeB, app.token, '{ viewer { tenant } }');
    expect(refused.status).toBe(401);
  });

  it('given a tenant halted through node A, then node B refuses its next action at once; resumed on B, A accepts again', async () => {
    const halted = await graphql(nodeA, adminToken, 'mutation { haltTenant(reason: "incident") { halted } }');
    expect(halted.errors).toBeUndefined();
    const refused = await graphql(nodeB, adminToken, START_RUN);
    expect(JSON.stringify(refused)).toContain('TENANT_HALTED');
    await graphql(nodeB, adminToken, 'mutation { resumeTenant(reason: "over") { halted } }');
    expect((await graphql(nodeA, adminToken, START_RUN)).data?.startRun).toMatchObject({
      __typename: 'RunCommandPayload',
    });
  });

  it("given a policy published through node A, then it decides node B's next tool call", async () => {
    const app = await nodeA.apiKeys.issue({ role: 'app', tenant: 'acme', label: 'tools' }, admin);
    const tenantAdmin = await nodeA.apiKeys.issue(
      { role: 'admin', tenant: 'acme', label: 'policies' },
      admin,
    );
    expect((await graphql(nodeA, tenantAdmin.token, REGISTER_TOOL)).errors).toBeUndefined();
    const publish = (policies: string) => graphql(nodeA, tenantAdmin.token, PUBLISH, { p: policies });
    expect((await publish(PERMIT_APPS)).data?.publishPolicy).toMatchObject({
      __typename: 'PublishPolicyPayload',
    });
    const runId = await runningRun(nodeB, app.token);
    const invoke = async () =>
      ((await graphql(nodeB, app.token, INVOKE, { runId })).data?.invokeTool as { __typename: string })
        .__typename;
    expect(await invoke()).toBe('ToolCallGranted');
    expect((await publish(FORBID_ALL)).data?.publishPolicy).toMatchObject({
      __typename: 'PublishPolicyPayload',
    });
    expect(await invoke()).toBe('ToolCallDenied');
  });

  it('given a ledgerTail subscription on node B, then it receives, in order, the events written through node A', async () => {
    const head = (await nodeA.ledger.log.headPosition()) ?? -1;
    const subscriber = subscribeSse(
      `${nodeB.url}/graphql`,
      adminToken,
      `subscription { ledgerTail(fromPosition: ${head + 1}, filter: { streamPrefix: "run-" }) { position } }`,
      (payload) => (payload as { data: { ledgerTail: { position: number } } }).data.ledgerTail.position,
    );
    await subscriber.ready;
    const written: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = await graphql(nodeA, adminToken, START_RUN);
      const events = (started.data?.startRun as { events: { position: number }[] }).events;
      written.push(...events.map((event) => event.position));
    }
    await vi.waitFor(() => expect([...subscriber.received.keys()]).toEqual(written), { timeout: 10_000 });
    subscriber.close();
  });

  it('given both nodes running, then exactly one signs checkpoints (the lease), and the checkpoint stream never shrinks', async () => {
    const signer = async (node: MirRuntime) =>
      /^mir_checkpoint_signer 1$/m.test(await (await fetch(`${node.url}/metrics`)).text());
    await vi.waitFor(async () => expect((await signer(nodeA)) !== (await signer(nodeB))).toBe(true), {
      timeout: 10_000,
    });
    for (let i = 0; i < 3; i++) await graphql(nodeB, adminToken, START_RUN);
    const head = (await nodeB.ledger.log.headPosition())!;
    await vi.waitFor(
      () => expect(nodeB.ledger.latestCheckpoint()?.checkpoint.treeSize).toBeGreaterThan(head),
      {
        timeout: 10_000,
      },
    );
    const log = await openStoreLog(loadRuntimeConfig({ store }, {}).store, { readOnly: true });
    try {
      const sizes = (await log.readStream(CHECKPOINTS_STREAM)).map(
        (event) => (event.data as { treeSize: number }).treeSize,
      );
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    } finally {
      await log.close();
    }
  });

  it("given events written through both nodes, when node B's verifyLedger runs (a worker on the server's own store), then the shared ledger is intact, every event verified", async () => {
    const head = (await nodeA.ledger.log.headPosition())!;
    const verified = await graphql(
      nodeB,
      adminToken,
      '{ verifyLedger { ok eventsVerified checkpointsVerified origin failure { code } } }',
    );
    expect(verified.data?.verifyLedger).toMatchObject({
      ok: true,
      origin: nodeA.ledger.origin,
      failure: null,
    });
    const report = verified.data?.verifyLedger as { eventsVerified: number; checkpointsVerified: number };
    expect(report.eventsVerified).toBeGreaterThan(head);
    expect(report.checkpointsVerified).toBeGreaterThan(0);
  });

  // Last: it takes the database away for a while.
  it('given the database away, when clients read and write, then they get 503 LEDGER_UNAVAILABLE (retry) and /readyz says not ready; once it is back the same requests succeed', async () => {
    const restarted = postgres.restart(2000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const query of ['{ viewer { tenant } }', START_RUN]) {
      const answer = await graphql(nodeB, adminToken, query);
      expect(answer.status).toBe(503);
      expect(answer.errors).toMatchObject([{ extensions: { code: 'LEDGER_UNAVAILABLE' } }]);
    }
    const readiness = await fetch(`${nodeB.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'not ready', checks: { ledger: 'unreachable' } });
    await restarted;
    for (let attempt = 0; ; attempt++) {
      const answer = await graphql(nodeB, adminToken, START_RUN);
      if (answer.status === 200) {
        expect(answer.data?.startRun).toMatchObject({ __typename: 'RunCommandPayload' });
        break;
      }
      expect(attempt).toBeLessThan(50);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});

const START_RUN = `mutation { startRun(goal: "g", agent: "a") {
  __typename ... on RunCommandPayload { run { id } events { position } } ... on Error { code } } }`;

const REGISTER_TOOL = `mutation { registerTool(name: "acme.lookup", version: "1", inputSchema: { type: "object" },
  outputSchema: { type: "object" }, sideEffect: read, timeoutMs: 1000, execution: app) { __typename } }`;

const PUBLISH = `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`;

const PERMIT_APPS = `@id("apps") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };`;

const FORBID_ALL = `@id("freeze") @reason("frozen")
forbid(principal, action, resource);`;

const INVOKE = `mutation($runId: ID!) { invokeTool(runId: $runId, tool: "acme.lookup", version: "1", args: {}) {
  __typename } }`;

/** One GraphQL request over real HTTP to `node`: its status and body. */
async function graphql(node: MirRuntime, token: string, query: string, variables = {}) {
  const response = await fetch(`${node.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  return { status: response.status, ...body };
}

/** A run of the key's tenant, started and past its first step, through `node`. */
async function runningRun(node: MirRuntime, token: string): Promise<string> {
  const started = await graphql(node, token, START_RUN);
  const runId = (started.data?.startRun as { run: { id: string } }).run.id;
  const step = `mutation($runId: ID!) { recordStep(runId: $runId, kind: "plan", summary: "s") { __typename } }`;
  await graphql(node, token, step, { runId });
  return runId;
}
