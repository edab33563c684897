/**
 * Child process for rollbackCrash.test.ts: starts the server's composition on `<dataDir>` (port 0), issues an admin
 * and an app key, makes a run that writes `<count>` keys after step 1, prints one JSON line `{ url, admin, app,
 * runId }`, then rolls the run back to step 1 — the test SIGKILLs it in the middle of the compensations.
 */
import { pino } from 'pino';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import { startMirRuntime } from '../../runtime/mirRuntime.js';
import { KV_WRITE_TOOL_VERSION } from '../../tools/index.js';
import { httpGraphql, PERMIT_ALL } from './httpGraphql.js';

const [dataDir, countText] = process.argv.slice(2);
const runtime = await startMirRuntime(
  loadRuntimeConfig({ data: dataDir!, port: '0' }, {}),
  pino({ level: 'silent' }),
);
const operator = { kind: 'user', id: 'crash-test' } as const;
const issue = async (role: 'admin' | 'app') =>
  `Bearer ${(await runtime.apiKeys.issue({ role, tenant: 'acme', label: role }, operator)).token}`;
const [admin, app] = [await issue('admin'), await issue('app')];
const gql = (authorization: string, query: string, variables: Record<string, unknown> = {}) =>
  httpGraphql(runtime.url, authorization, query, variables);

await gql(admin, `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`, { p: PERMIT_ALL });
const started = await gql(
  app,
  `mutation { startRun(goal: "g", agent: "a") { ... on RunCommandPayload { run { id } } } }`,
);
const runId = (started.run as { id: string }).id;
const step = `mutation($id: ID!) { recordStep(runId: $id, kind: "k", summary: "s") { __typename } }`;
await gql(app, step, { id: runId });
const put = `mutation($id: ID!, $key: String!, $v: String!) {
  invokeTool(runId: $id, tool: "kv.put", version: $v, args: { key: $key, value: 1 }) { __typename } }`;
for (let index = 0; index < Number(countText); index++)
  await gql(app, put, { id: runId, key: `k${index}`, v: KV_WRITE_TOOL_VERSION });
process.stdout.write(`${JSON.stringify({ url: runtime.url, admin, app, runId })}\n`);
await gql(
  admin,
  `mutation($id: ID!) { rollbackRun(runId: $id, toStep: 1, reason: "crash test") { __typename } }`,
  {
    id: runId,
  },
);
process.stdout.write('rollback ended before the kill\n');
