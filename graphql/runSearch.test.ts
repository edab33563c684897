import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import { startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const SEARCH = `query($text: String, $status: RunStatus, $first: Int, $after: String) {
  runs(text: $text, status: $status, first: $first, after: $after) {
    edges { node { id goal } } pageInfo { hasNextPage endCursor } } }`;

interface Runs {
  readonly runs: {
    readonly edges: ReadonlyArray<{ readonly node: { readonly id: string; readonly goal: string } }>;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

let rt: TestRuntime;
let app: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  rt = await openTestRuntime();
  app = await rt.bearer('app');
  const start = async (name: string, goal: string, agent: string, authorization = app) => {
    const { run, events } = await startRun(rt.api.yoga, authorization, { goal, agent });
    ids[name] = run.id;
    await rt.deps.waitForProjection(events.at(-1)!.position);
  };
  await start('invoice', 'Pay the Invoice of March', 'billing');
  await start('refund', 'Refund 100% of order 7', 'billing');
  await start('report', 'Summarise the quarterly report', 'Writer');
  await start('paidLater', 'pay the invoice of April', 'billing');
  await start('foreign', 'Pay the invoice of a foreign tenant', 'billing', await rt.bearer('app', 'globex'));
  const cancelled = await graphqlRequest<{ cancelRun: { events: Array<{ position: number }> } }>(
    rt.api.yoga,
    `mutation($id: ID!) { cancelRun(runId: $id, reason: "not needed") { ... on RunCommandPayload { events { position } } } }`,
    { authorization: app, variables: { id: ids.paidLater } },
  );
  await rt.deps.waitForProjection(cancelled.data!.cancelRun.events.at(-1)!.position);
});
afterAll(async () => rt.close());

async function search(variables: Record<string, unknown>): Promise<string[]> {
  const response = await graphqlRequest<Runs>(rt.api.yoga, SEARCH, { authorization: app, variables });
  expect(response.errors).toBeUndefined();
  return response.data!.runs.edges.map((edge) => edge.node.id);
}

describe('runs(text)', () => {
  it('given runs of two tenants, when searching a goal in another case, then only the caller’s matching runs, newest first', async () => {
    expect(await search({ text: 'PAY THE INVOICE' })).toEqual([ids.paidLater, ids.invoice]);
  });

  it('when searching an agent or a piece of a run id, then those runs', async () => {
    expect(await search({ text: 'writ' })).toEqual([ids.report]);
    expect(await search({ text: ids.refund!.slice(9, 23) })).toEqual([ids.refund]);
    expect(await search({ text: ids.foreign!.slice(9, 23) })).toEqual([]);
  });

  it('when the text holds LIKE wildcards, then they match only themselves', async () => {
    expect(await search({ text: '100%' })).toEqual([ids.refund]);
    expect(await search({ text: '%' })).toEqual([ids.refund]);
    expect(await search({ text: 'pay_the' })).toEqual([]);
  });

  it('when combined with a status and paging, then every filter applies and pages follow the cursor', async () => {
    expect(await search({ text: 'invoice', status: 'cancelled' })).toEqual([ids.paidLater]);
    const first = await graphqlRequest<Runs>(rt.api.yoga, SEARCH, {
      authorization: app,
      variables: { text: 'billing', first: 2 },
    });
    const page = first.data!.runs;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([ids.paidLater, ids.refund]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(await search({ text: 'billing', first: 2, after: page.pageInfo.endCursor })).toEqual([
      ids.invoice,
    ]);
  });

  it('when the text is empty or longer than 256 characters, then BAD_USER_INPUT', async () => {
    for (const text of ['', 'x'.repeat(257)]) {
      const response = await graphqlRequest(rt.api.yoga, SEARCH, { authorization: app, variables: { text } });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
