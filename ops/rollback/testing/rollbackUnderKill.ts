/**
 * Child process for rollbackCrash.test.ts: starts the server's composition on `<dataDir>` (port 0), issues an admin
 * and an app key, makes a run that writes `<count>` keys after step 1, prints one JSON line `{ url, admin, app,
 * runId }`, then rolls the run back to step 1 — the test SIGKILLs it in the middle of the compensations.
 */
import { pino } from 'pino';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import { startMirRuntime } from '../../runtime/mirRuntime.js';
import { httpGraphql, runWithWrites } from './httpGraphql.js';

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

const runId = await runWithWrites(runtime.url, admin, app, Number(countText));
process.stdout.write(`${JSON.stringify({ url: runtime.url, admin, app, runId })}\n`);
await gql(
  admin,
  `mutation($id: ID!) { rollbackRun(runId: $id, toStep: 1, reason: "crash test") { __typename } }`,
  {
    id: runId,
  },
);
process.stdout.write('rollback ended before the kill\n');
