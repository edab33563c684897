// npm run bench:history [-- --calls N]
// Rollback of a run of N completed kv.put calls (default 1,000), printed next to a baseline measured in the same
// run on the same composition: the time to make those N calls. Both go through the governed tool-call path the
// server composes (schema, rate limit, risk score, Cedar, the SQLite ledger), so the ratio says what undoing costs
// against doing. Keep N at or below 1,200: kv writes are rate limited to 1,200 a minute per tenant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { RunCommandService } from '../../domain/index.js';
import type { GovernedOrigin } from '../../domain/index.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { openRuntimeCore } from '../runtime/runtimeCore.js';
import { TeardownStack } from '../runtime/teardownStack.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { KV_WRITE_TOOL_VERSION } from '../tools/index.js';
import { fmt } from './benchStats.js';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '1000' } } });
const calls = Number(args.calls);
const POLICIES = `
@id("tools") permit(principal, action == Mir::Action::"invokeTool", resource);
@id("rollback") permit(principal, action == Mir::Action::"rollbackRun", resource) when { principal.role == "admin" };
`;
const app: GovernedOrigin = { tenant: 'bench', actor: { kind: 'user', id: 'bench-app' }, role: 'app' };
const admin: GovernedOrigin = { tenant: 'bench', actor: { kind: 'user', id: 'bench-admin' }, role: 'admin' };

const dir = mkdtempSync(join(tmpdir(), 'mir-history-bench-'));
const logger = pino({ level: 'warn' });
const teardown = new TeardownStack((step, error) =>
  logger.error({ err: error, step }, `closing ${step} failed`),
);
try {
  const config = loadRuntimeConfig({ data: dir, port: '0' }, {});
  const onError = (what: string) => (error: unknown) => logger.error({ err: error }, `${what} failed`);
  const { log, tenants, governance } = await openRuntimeCore(config, logger, onError, teardown);
  await governance.policies.publish({ policies: POLICIES, description: 'history bench' }, admin);
  const runs = new RunCommandService(log, systemClock, uuidV7Ids, 5, tenants);
  const runId = uuidV7Ids.newId();
  await runs.execute(
    { type: 'StartRun', runId, goal: 'bench', agent: 'bench', input: null, budget: {} },
    app,
  );
  await runs.execute({ type: 'RecordStep', runId, kind: 'k', summary: 'before', payload: null }, app);

  const doStart = performance.now();
  for (let index = 0; index < calls; index++) {
    const args = { key: `k${index}`, value: index };
    const result = await governance.toolCalls.invokeTool(
      { runId, tool: 'kv.put', version: KV_WRITE_TOOL_VERSION, args },
      app,
    );
    if (result.outcome !== 'completed') throw new Error(`call ${index}: ${result.outcome}`);
  }
  const doMs = performance.now() - doStart;

  const undoStart = performance.now();
  const rollback = await governance.rollback.rollbackRun(
    { runId, point: { step: 1 }, reason: 'bench' },
    admin,
  );
  const undoMs = performance.now() - undoStart;
  if (rollback.outcome !== 'rolled_back') throw new Error(`rollback: ${rollback.outcome}`);

  process.stdout.write(
    `history: ${calls} kv.put calls ${fmt(doMs)} ms (${fmt(doMs / calls, 2)} ms/call) [baseline]\n` +
      `history: rollback of those ${calls} calls ${fmt(undoMs)} ms (${fmt(undoMs / calls, 2)} ms/compensation), ` +
      `${fmt(undoMs / doMs, 2)}x the baseline\n`,
  );
} finally {
  await teardown.close();
  rmSync(dir, { recursive: true, force: true });
}
