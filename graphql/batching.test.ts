import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlApi } from './createGraphqlApi.js';
import { countCalls } from './testing/countCalls.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const RUNS = 8;
let rt: TestRuntime;
let app: string;
beforeAll(async () => {
  rt = await openTestRuntime();
  app = await rt.bearer('app');
  for (let index = 0; index < RUNS; index++) {
    const { run } = await startRun(rt.api.yoga, app, { agent: `agent-${index}` });
    await recordStep(rt.api.yoga, app, run.id);
    await recordStep(rt.api.yoga, app, run.id);
  }
});
afterAll(async () => rt.close());

/** The same runtime behind an API whose read model and log count the calls they receive. */
function countingApi() {
  const queries = new Map<string, number>();
  const log = new Map<string, number>();
  const api = createGraphqlApi({
    ...rt.deps,
    queries: countCalls(rt.deps.queries, queries),
    log: countCalls(rt.deps.log, log),
  });
  return { api, queries, log };
}

describe('batching: one fresh set of DataLoaders per request', () => {
  it('nested steps, events, actors and runs of a whole page cost one read-model query each', async () => {
    const { api, queries, log } = countingApi();
    const response = await graphqlRequest<{ runs: { edges: Array<{ node: Record<string, unknown> }> } }>(
      api.yoga,
      `{ runs(first: ${RUNS}) { edges { node {
          id startedBy { role }
          steps { stepNumber event { position actor { apiKey { label } } run { id } } }
          lastEvent { type actor { apiKey { keyId } } }
      } } } }`,
      { authorization: app },
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.runs.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(RUNS);
    expect(nodes.every((node) => (node.steps as unknown[]).length === 2)).toBe(true);
    expect(Object.fromEntries(queries)).toEqual({ listRuns: 1, steps: 1, listApiKeys: 1 });
    // 24 events in two batches (one per level of the tree: the last events, then the steps' events), each read
    // from the log as one range: the number of reads does not grow with the number of runs.
    expect(Object.fromEntries(log)).toEqual({ readAll: 2 });
  });

  it('a page of events loads its runs in one query and the events in one log read', async () => {
    const { api, queries, log } = countingApi();
    const response = await graphqlRequest<{ events: { edges: unknown[] } }>(
      api.yoga,
      `{ events(first: 40, type: "StepRecorded") { edges { node { position run { id agent } actor { apiKey { role } } } } } }`,
      { authorization: app },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.events.edges).toHaveLength(RUNS * 2);
    expect(Object.fromEntries(queries)).toEqual({ auditPositions: 1, runs: 1, listApiKeys: 1 });
    expect(Object.fromEntries(log)).toEqual({ readAll: 1 });
  });

  it('loaders do not outlive a request: a second request reads again', async () => {
    const { api, queries } = countingApi();
    const query = `{ runs(first: 2) { edges { node { steps { stepNumber } } } } }`;
    await graphqlRequest(api.yoga, query, { authorization: app });
    await graphqlRequest(api.yoga, query, { authorization: app });
    expect(queries.get('steps')).toBe(2);
  });
});
