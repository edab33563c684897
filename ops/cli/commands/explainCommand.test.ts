import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../domain/index.js';
import {
  PAYMENT_GATE_POLICIES,
  PAYMENT_TOOL,
  INVOKE,
  PUBLISH,
  REGISTER_TOOL,
} from '../../../graphql/testing/governanceOperations.js';
import { CHECKPOINTS_STREAM, hashLeaf, openSqliteEventLog, verifyInclusion } from '../../../ledger/index.js';
import { graphqlOk as graphql } from '../testing/graphqlOverHttp.js';
import { runMir } from '../testing/mirProcess.js';
import { serverOnDataDir } from '../testing/serverOnDataDir.js';

const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "ok") { __typename } }`;
const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: { paid: true }) { __typename } }`;
const START = `mutation { startRun(goal: "pay", agent: "a", budget: { maxToolCalls: 3 }) {
  ... on RunCommandPayload { run { id } } } }`;
const STEP = `mutation($id: ID!) { recordStep(runId: $id, kind: "k", summary: "s") { __typename } }`;

const SERVED_EXPLAIN = `query($id: ID!) { explain(eventId: $id) { summary policyDecisions { policies { text } } } }`;

// `mir explain` in child processes, on a data directory a real server wrote and closed (it signs a last checkpoint).
describe('mir explain <eventId> on a data directory', { timeout: 180_000 }, () => {
  let dataDir: string;
  let runId: string;
  let reviewerKeyId: string;
  let completed: RecordedEvent;
  let root: Buffer;
  /** What the running server's `explain` answered for the same event, before it closed. */
  let served: { summary: string; policyDecisions: { policies: { text: string | null }[] }[] };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mir-explain-cli-'));
    const { runtime, admin, issue } = await serverOnDataDir(dataDir);
    try {
      const [app, reviewer] = [await issue('app'), await issue('reviewer')];
      reviewerKeyId = reviewer.keyId;
      await graphql(runtime.url, admin.token, PUBLISH, { p: PAYMENT_GATE_POLICIES });
      await graphql(runtime.url, admin.token, REGISTER_TOOL, PAYMENT_TOOL);
      runId = ((await graphql(runtime.url, app.token, START)).startRun!.run as { id: string }).id;
      await graphql(runtime.url, app.token, STEP, { id: runId });
      const call = { runId, tool: PAYMENT_TOOL.name, version: PAYMENT_TOOL.version, args: { amount: 7 } };
      const pending = (await graphql(runtime.url, app.token, INVOKE, call)).invokeTool!;
      await graphql(runtime.url, reviewer.token, DECIDE, { runId, approvalId: pending.approvalId });
      const granted = (
        await graphql(runtime.url, app.token, INVOKE, { ...call, approvalId: pending.approvalId })
      ).invokeTool!;
      await graphql(runtime.url, app.token, REPORT, {
        runId,
        callId: granted.callId,
        grantId: granted.grantId,
      });
      const done = (await runtime.ledger.log.readStream(`run-${runId}`)).find(
        (event) => event.type === 'ToolCallCompleted',
      )!;
      const explained = await graphql(runtime.url, admin.token, SERVED_EXPLAIN, { id: done.id });
      served = explained.explain as unknown as typeof served;
    } finally {
      await runtime.close();
    }
    const log = openSqliteEventLog(join(dataDir, 'ledger.db'), { readOnly: true });
    completed = (await log.readStream(`run-${runId}`)).find((event) => event.type === 'ToolCallCompleted')!;
    const [checkpoint] = await log.readStream(CHECKPOINTS_STREAM, { direction: 'backwards', maxCount: 1 });
    root = Buffer.from((checkpoint!.data as { rootHash: string }).rootHash, 'hex');
    await log.close();
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given an executed, approved call, then the text names the summary, the policies with their Cedar text, the approval and the proof', async () => {
    const result = await runMir(['explain', completed.id, '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [summary] = result.stdout.split('\n');
    expect(summary).toMatch(
      new RegExp(
        `^summary: +\\S+'s call to acme\\.pay@1 on run ${runId} was allowed by policy app-any, payments-gate ` +
          `\\(policy set v1\\) and completed; approved by ${reviewerKeyId}, grant used; 0 memories applied; ` +
          `1 steps used \\(no limit\\); 1/3 tool calls used;`,
      ),
    );
    expect(result.stdout).toContain(`event:       ToolCallCompleted ${completed.id}`);
    expect(result.stdout).toContain('policy:      require_approval (policy set v1) at position');
    expect(result.stdout).toContain('@id("payments-gate") @approval("required")');
    expect(result.stdout).toMatch(/approval: +\S+ requested by \S+ at /);
    expect(result.stdout).toMatch(
      new RegExp(`proof: +leaf ${completed.position} of the tree of \\d+ events`),
    );
  });

  it("given --json, then the whole explanation parses and its proof verifies against the ledger's latest checkpoint", async () => {
    const result = await runMir(['explain', completed.id, '--data', dataDir, '--json']);
    expect(result.code).toBe(0);
    const explanation = JSON.parse(result.stdout) as {
      event: { id: string };
      policyDecisions: { outcome: string; policies: { id: string; text: string | null }[] }[];
      approval: { decision: { by: string } };
      run: { summary: { runId: string; toolCalls: number } };
      inclusion: { proof: { leafIndex: number; treeSize: number; hashes: string[] } };
    };
    expect(explanation.event.id).toBe(completed.id);
    expect(explanation.policyDecisions.map((decision) => decision.outcome)).toEqual([
      'require_approval',
      'allow',
    ]);
    expect(
      explanation.policyDecisions
        .flatMap((decision) => decision.policies)
        .every((policy) => policy.text !== null),
    ).toBe(true);
    expect(explanation.approval.decision.by).toBe(reviewerKeyId);
    expect(explanation.run.summary).toMatchObject({ runId, toolCalls: 1 });
    const { proof } = explanation.inclusion;
    const path = proof.hashes.map((hash) => Buffer.from(hash, 'hex'));
    const leaf = hashLeaf(Buffer.from(completed.hash, 'hex'));
    expect(() => verifyInclusion(leaf, proof.leafIndex, proof.treeSize, path, root)).not.toThrow();
  });

  it('given the same event, then the server answered what mir explain reads offline (same code, same policy texts)', async () => {
    const result = await runMir(['explain', completed.id, '--data', dataDir, '--json']);
    const offline = JSON.parse(result.stdout) as typeof served;
    // Only the checkpoint may differ: the server signed one more when it closed.
    const uncheckpointed = (summary: string) => summary.replace(/; (covered by|not yet covered).*$/, '');
    expect(uncheckpointed(served.summary)).toBe(uncheckpointed(offline.summary));
    expect(served.policyDecisions.flatMap((decision) => decision.policies)).toEqual(
      offline.policyDecisions.flatMap((decision) => decision.policies.map(({ text }) => ({ text }))),
    );
    expect(served.policyDecisions[0]!.policies[0]!.text).toContain('@id("payments-gate")');
  });

  it('given an id no event has, then exit 1 and a clear message', async () => {
    const unknown = '01930000-0000-7000-8000-000000000000';
    const result = await runMir(['explain', unknown, '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`mir: no event ${unknown} in this ledger\n`);
  });

  it('given a malformed id, then exit 2 with INVALID_EVENT_ID', async () => {
    const result = await runMir(['explain', 'not-an-id', '--data', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mir: INVALID_EVENT_ID: an event id is a lowercase UUID\n');
  });
});
