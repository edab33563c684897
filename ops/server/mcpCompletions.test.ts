import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/index.js';
import type { IssuedApiKey } from '../access/apiKeyService.js';
import { DECIDE, openCompletionFixture } from '../completions/completionFixture.js';
import type { CompletionFixture } from '../completions/completionFixture.js';
import type { McpAnswer } from './testing/mcpGovernedFixture.js';
import { serveMcp } from './testing/mcpTestServer.js';
import type { McpTestServer } from './testing/mcpTestServer.js';

// mir.request_completion / mir.request_embeddings: the SDK's client over MIR's real HTTP server, the governance the
// server composes (Cedar, the shipped classifier) and a real OpenAI-compatible peer on 127.0.0.1.

let f: CompletionFixture;
let mcp: McpTestServer;
let appKey: IssuedApiKey;
let app: Client;
const hello = [{ role: 'user', content: 'Summarise the quarterly sales report for the board' }];

beforeAll(async () => {
  f = await openCompletionFixture();
  await f.engine('cloud', 'remote');
  await f.engine('ollama', 'local');
  await f.engine('gated', 'local');
  mcp = await serveMcp(f.rt);
  appKey = await f.rt.issue('app');
  app = await mcp.connect(`Bearer ${appKey.token}`);
});
afterAll(async () => {
  expect(mcp.internalErrors).toEqual([]);
  await mcp.close();
  await f.close();
});

const call = async (name: string, args: Record<string, unknown>) =>
  (await app.callTool({ name, arguments: args })) as McpAnswer;
const runningRun = async () => {
  const started = await call('mir.start_run', { goal: 'brief the board', agent: 'mcp-agent' });
  expect(started.isError).toBeUndefined();
  return started.structuredContent.runId as string;
};
const eventsOf = async (runId: string, type: string): Promise<RecordedEvent[]> =>
  (await f.rt.log.readStream(`run-${runId}`)).filter((event) => event.type === type);
const textOf = (answer: McpAnswer) => (answer.content as { type: string; text: string }[])[0]!.text;

describe('tools/list', () => {
  it('given an app key, then both completion verbs are listed, saying there is no streaming; an auditor sees neither', async () => {
    const { tools } = await app.listTools();
    const completion = tools.find((tool) => tool.name === 'mir.request_completion');
    expect(completion?.description).toMatch(/No streaming over MCP/);
    expect(completion?.inputSchema).toMatchObject({ type: 'object', required: ['runId', 'messages'] });
    expect(tools.map((tool) => tool.name)).toContain('mir.request_embeddings');
    const auditor = await mcp.connect(await f.rt.bearer('auditor'));
    const auditorNames = (await auditor.listTools()).tools.map((tool) => tool.name);
    expect(auditorNames).not.toContain('mir.request_completion');
    expect(auditorNames).not.toContain('mir.request_embeddings');
  });
});

describe('mir.request_completion', () => {
  it('given a local engine, when the app requests a completion, then it completes, the text is the content, and the ledger names the key as actor', async () => {
    const runId = await runningRun();
    const answer = await call('mir.request_completion', { runId, engine: 'ollama', messages: hello });
    const content = '50 characters, 8 words: Summarise the quarterly sales report for the board';
    expect(answer.isError).toBeUndefined();
    expect(answer.structuredContent).toMatchObject({
      outcome: 'completed',
      tool: 'mir.request_completion',
      content,
      finishReason: 'stop',
      reportedModel: 'peer-model',
      usage: { promptTokens: 8, completionTokens: 12, totalTokens: 20 },
    });
    expect(textOf(answer)).toBe(content);
    const requested = await eventsOf(runId, 'CompletionRequested');
    const completed = await eventsOf(runId, 'CompletionCompleted');
    expect([...requested, ...completed].map((event) => event.meta.actor)).toEqual([
      { kind: 'service', id: appKey.keyId },
      { kind: 'service', id: appKey.keyId },
    ]);
    const ids = (answer.structuredContent.events as { id: string }[]).map((event) => event.id);
    expect(ids).toEqual(expect.arrayContaining([requested[0]!.id, completed[0]!.id]));
    expect(completed[0]!.data).toMatchObject({ completionId: answer.structuredContent.completionId });
  });

  it('given the same idempotency key again, when requested, then the recorded answer comes back and the peer is not called', async () => {
    const runId = await runningRun();
    const args = { runId, engine: 'ollama', messages: hello, idempotencyKey: 'mcp-k-1' };
    const first = await call('mir.request_completion', args);
    const calls = f.peer.requests.length;
    const again = await call('mir.request_completion', args);
    expect(again.structuredContent).toEqual(first.structuredContent);
    expect(f.peer.requests.length).toBe(calls);
    expect(await eventsOf(runId, 'CompletionCompleted')).toHaveLength(1);
  });

  it('given a remote engine this tenant’s policy forbids, when requested, then denied (isError) and recorded', async () => {
    const runId = await runningRun();
    const before = f.peer.requests.length;
    const answer = await call('mir.request_completion', { runId, engine: 'cloud', messages: hello });
    expect(answer.isError).toBe(true);
    expect(answer.structuredContent).toMatchObject({ outcome: 'denied', reason: 'POLICY_DENIED' });
    const [denied] = await eventsOf(runId, 'CompletionDenied');
    expect(denied).toMatchObject({
      data: { reason: 'POLICY_DENIED', engine: 'cloud' },
      meta: { actor: { id: appKey.keyId } },
    });
    expect(f.peer.requests.length).toBe(before);
  });

  it('given an engine the tenant does not have, when requested, then the denial ENGINE_UNKNOWN, recorded', async () => {
    const runId = await runningRun();
    const answer = await call('mir.request_completion', { runId, engine: 'nowhere', messages: hello });
    expect(answer.isError).toBe(true);
    expect(answer.structuredContent).toMatchObject({ outcome: 'denied', reason: 'ENGINE_UNKNOWN' });
    expect(await eventsOf(runId, 'CompletionDenied')).toMatchObject([{ data: { reason: 'ENGINE_UNKNOWN' } }]);
  });

  it('given the gated engine, when requested, then pending_approval with how to resume; a reviewer grants through GraphQL; the same call with the approvalId completes', async () => {
    const runId = await runningRun();
    const args = { runId, engine: 'gated', messages: hello };
    const pending = await call('mir.request_completion', args);
    expect(pending.isError).toBeUndefined();
    expect(pending.structuredContent).toMatchObject({ outcome: 'pending_approval' });
    const approvalId = pending.structuredContent.approvalId as string;
    expect(pending.structuredContent.resume).toContain(approvalId);
    expect(await f.ask(DECIDE, { runId, approvalId }, f.reviewer)).toMatchObject({
      __typename: 'ApprovalDecision',
    });
    const resumed = await call('mir.request_completion', { ...args, approvalId });
    expect(resumed.structuredContent).toMatchObject({
      outcome: 'completed',
      completionId: pending.structuredContent.completionId,
    });
    expect(await eventsOf(runId, 'CompletionCompleted')).toHaveLength(1);
  });

  it('given arguments the verb does not know, then BAD_USER_INPUT and nothing reaches the peer', async () => {
    const runId = await runningRun();
    const before = f.peer.requests.length;
    const answer = await call('mir.request_completion', { runId, messages: hello, stream: true });
    expect(answer).toMatchObject({ isError: true, structuredContent: { error: { code: 'BAD_USER_INPUT' } } });
    expect(f.peer.requests.length).toBe(before);
  });
});

describe('mir.request_embeddings', () => {
  it('given a local engine, when the app asks for embeddings, then vectors, one per input, recorded', async () => {
    const runId = await runningRun();
    const answer = await call('mir.request_embeddings', {
      runId,
      engine: 'ollama',
      inputs: ['alpha', 'beta'],
    });
    expect(answer.isError).toBeUndefined();
    expect(answer.structuredContent.outcome).toBe('embedded');
    const vectors = answer.structuredContent.vectors as number[][];
    expect(vectors).toHaveLength(2);
    expect(vectors[0]!.length).toBeGreaterThan(0);
    expect(await eventsOf(runId, 'CompletionCompleted')).toHaveLength(1);
  });
});
