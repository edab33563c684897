import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunCommandService, ToolCallService } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { testIds } from '../../ledger/testing/testLedger.js';
import { HTTP_TOOL_DEFINITIONS, createRuntimeToolExecutor, httpToolHandlers } from '../tools/index.js';
import { APP, CONSTANT_RISK_SCORER, origin, openGovernance } from './governanceFixture.js';
import type { Governance } from './governanceFixture.js';

// A runtime tool in flight when its run is cancelled: a real HTTP server on 127.0.0.1 that never answers, the
// built-in http.get, the SQLite ledger. Without the abort the call would end only at the tool's 10 s timeout, as
// TOOL_TIMEOUT; the tests assert TOOL_ABORTED.

const APPS_MAY_CALL_TOOLS = `@id("app-any")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };`;

let g: Governance;
let server: Server;
let hostPort: string;
let arrived: Promise<void>;
beforeEach(async () => {
  g = await openGovernance();
  const admin = origin('key-admin', 'admin');
  for (const definition of HTTP_TOOL_DEFINITIONS) await g.tools.register(definition, admin);
  await g.policies.publish({ policies: APPS_MAY_CALL_TOOLS, description: 'apps call tools' }, admin);
  let signalArrival!: () => void;
  arrived = new Promise((resolve) => (signalArrival = resolve));
  server = createServer(() => signalArrival());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await g.dispose();
});

function toolCalls(log = g.log): ToolCallService {
  const executor = createRuntimeToolExecutor(new Map(httpToolHandlers({ allowedHosts: [hostPort] })));
  return new ToolCallService({ ...g.deps, log, executor, riskScorer: CONSTANT_RISK_SCORER });
}
/** Starts a call of http.get on the server that never answers, once the request is there. */
async function fetchHanging(service: ToolCallService, runId: string) {
  const call = service.invokeTool(
    { runId, tool: 'http.get', version: '1', args: { url: `http://${hostPort}/slow` } },
    APP,
  );
  const endedEarly = call.then((result) => {
    throw new Error(`the call ended before reaching the server: ${JSON.stringify(result)}`);
  });
  await Promise.race([arrived, endedEarly]);
  endedEarly.catch(() => undefined);
  return { call };
}

describe('cancelRun while a runtime tool is in flight', () => {
  it('given a call waiting on a remote server, when the run is cancelled, then the tool is aborted and the failure recorded after the cancel', async () => {
    const runId = await g.startRun();
    const { call } = await fetchHanging(toolCalls(), runId);
    await g.runs.execute({ type: 'CancelRun', runId, reason: 'user left' }, APP);
    expect(await call).toMatchObject({ outcome: 'failed', reason: 'TOOL_ABORTED' });
    const types = (await g.stream(runId)).map((event) => event.type);
    expect(types.slice(-4)).toEqual(['ToolCallRequested', 'PolicyDecided', 'RunCancelled', 'ToolCallFailed']);
  });

  it('given the cancel comes from another process sharing the ledger, then the call is aborted too', async () => {
    const runId = await g.startRun();
    const { call } = await fetchHanging(toolCalls(), runId);
    const otherLog = openSqliteEventLog(join(g.dir, 'ledger.db'));
    try {
      const otherRuns = new RunCommandService(otherLog, g.clock, testIds);
      await otherRuns.execute({ type: 'CancelRun', runId, reason: 'operator stop' }, APP);
      expect(await call).toMatchObject({ outcome: 'failed', reason: 'TOOL_ABORTED' });
    } finally {
      await otherLog.close();
    }
  });

  it('given another run of the tenant is cancelled, then the call goes on', async () => {
    const runId = await g.startRun();
    const other = await g.startRun();
    const { call } = await fetchHanging(toolCalls(), runId);
    await g.runs.execute({ type: 'CancelRun', runId: other, reason: 'not this one' }, APP);
    const settled = await Promise.race([
      call,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 600)),
    ]);
    expect(settled).toBe('still running');
    await g.runs.execute({ type: 'CancelRun', runId, reason: 'now this one' }, APP);
    expect(await call).toMatchObject({ outcome: 'failed', reason: 'TOOL_ABORTED' });
  });
});
