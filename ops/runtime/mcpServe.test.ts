import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINTS_STREAM } from '../../ledger/index.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { connectMcp } from '../server/testing/mcpTestServer.js';
import { startMirRuntime } from './mirRuntime.js';
import type { MirRuntime } from './mirRuntime.js';

// /mcp as `mir serve` composes it: the same keys, services and ledger as /graphql.

let dataDir: string;
let runtime: MirRuntime;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mir-mcp-serve-'));
  runtime = await startMirRuntime(
    loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
    pino({ level: 'silent' }),
  );
});
afterAll(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('mir serve /mcp', () => {
  it('given the bootstrap admin key, when a host starts and completes a run over MCP, then the run is in the ledger as that key’s', async () => {
    const admin = runtime.bootstrapKey!;
    const client = await connectMcp(`${runtime.url}/mcp`, `Bearer ${admin.token}`);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['mir.start_run', 'mir.complete_run']));
    const started = await client.callTool({ name: 'mir.start_run', arguments: { goal: 'g', agent: 'a' } });
    const runId = (started.structuredContent as { runId: string }).runId;
    const completed = await client.callTool({ name: 'mir.complete_run', arguments: { runId, output: 42 } });
    expect(completed.structuredContent).toMatchObject({ runId, status: 'completed' });
    const events = await runtime.ledger.log.readStream(`run-${runId}`);
    expect(events.map((event) => [event.type, event.meta.actor.id])).toEqual([
      ['RunStarted', admin.keyId],
      ['RunCompleted', admin.keyId],
    ]);
    await client.close();
  });

  it('given no key, then 401 and the unauthenticated request is counted, not recorded', async () => {
    const head = await runtime.ledger.log.headPosition();
    const response = await fetch(`${runtime.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(response.status).toBe(401);
    // The checkpointer may sign meanwhile (its own stream): nothing else may have been written.
    const since = await runtime.ledger.log.readAll({ fromPosition: (head ?? -1) + 1 });
    expect(since.filter((event) => event.stream !== CHECKPOINTS_STREAM).map((event) => event.type)).toEqual(
      [],
    );
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toContain('mir_unauthenticated_requests_total{reason="missing"} 1');
    expect(metrics).toMatch(/mir_http_request_duration_seconds_count\{[^}]*route="\/mcp"[^}]*status="401"/);
  });
});
