import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { gatedPayment, setUpPaymentGate } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { RESULT_FIELDS, recordStep, startRun } from './testing/runOperations.js';
import { selectAll } from './testing/selectAll.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// Every field of Run answers on a run in every state, through `run`, `run(asOf)` and `runs`: a field that cannot
// be resolved for one run must not fail the others (nor turn a whole connection into `data: null`).

const RUN = `query($id: ID!, $asOf: Position) { run(id: $id, asOf: $asOf) ${selectAll(schema, 'Run', 3)} }`;
// Every scalar field in a list (the cost limit weighs each nested level of a page).
const RUNS = `{ runs(first: 50) { edges { node ${selectAll(schema, 'Run', 0)} } } }`;
const end = (mutation: 'completeRun' | 'failRun' | 'cancelRun', extra: string) => `
  mutation($runId: ID!) { ${mutation}(runId: $runId${extra}) { ${RESULT_FIELDS} } }`;

interface RunNode {
  readonly id: string;
  readonly status: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly pendingApprovals: number;
}

let rt: TestRuntime;
let app: string;
let auditor: string;
let cancelledWhileAwaiting: string;
/** Run id → [the status it must show, the position right after its start]. */
const runs = new Map<string, { status: string; startedAt: number }>();

async function ended(mutation: 'completeRun' | 'failRun' | 'cancelRun', runId: string, extra = '') {
  const response = await graphqlRequest(rt.api.yoga, end(mutation, extra), {
    authorization: app,
    variables: { runId },
  });
  expect(response.errors).toBeUndefined();
}

beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  app = await rt.bearer('app');
  auditor = await rt.bearer('auditor');
  await setUpPaymentGate(rt.api.yoga, await rt.bearer('admin'));
  const started = async (status: string) => {
    const { run, events } = await startRun(rt.api.yoga, app, { input: null });
    runs.set(run.id, { status, startedAt: events.at(-1)!.position });
    return run.id;
  };
  await started('pending');
  await recordStep(rt.api.yoga, app, await started('running'), { payload: null });
  const awaiting = await gatedPayment(rt.api.yoga, app, 5);
  runs.set(awaiting.runId, { status: 'awaiting_approval', startedAt: 0 });
  await ended('completeRun', await started('completed'));
  await ended('completeRun', await started('completed'), ', output: { answer: 42 }');
  await ended('failRun', await started('failed'), ', reason: "broke"');
  await ended('cancelRun', await started('cancelled'), ', reason: "stop"');
  cancelledWhileAwaiting = (await gatedPayment(rt.api.yoga, app, 6)).runId;
  await ended('cancelRun', cancelledWhileAwaiting, ', reason: "no longer needed"');
  runs.set(cancelledWhileAwaiting, { status: 'cancelled', startedAt: 0 });
});
afterAll(async () => rt.close());

function answered<Data>(response: GraphqlResponse<Data>): Data {
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data!;
}

describe('every field of Run, on runs in every state', () => {
  it('given runs pending, running, awaiting approval, completed (with and without output), failed and cancelled, when `run` selects every field, then each answers without an error', async () => {
    for (const [id, { status }] of runs) {
      const { run } = answered(
        await graphqlRequest<{ run: RunNode }>(rt.api.yoga, RUN, { authorization: app, variables: { id } }),
      );
      expect(run).toMatchObject({ id, status });
      if (status !== 'completed') expect(run.output).toBeNull();
    }
  });

  it('when `runs` selects every field, then every run is listed and none fails the page', async () => {
    const { runs: page } = answered(
      await graphqlRequest<{ runs: { edges: Array<{ node: RunNode }> } }>(rt.api.yoga, RUNS, {
        authorization: app,
      }),
    );
    const listed = new Map(page.edges.map(({ node }) => [node.id, node.status]));
    for (const [id, { status }] of runs) expect(listed.get(id)).toBe(status);
  });

  it('when `run(asOf)` selects every field at the start and at the head, then each answers without an error', async () => {
    const head = (await rt.log.headPosition())!;
    for (const [id, { status, startedAt }] of runs) {
      for (const asOf of [startedAt, head]) {
        const response = await graphqlRequest<{ run: RunNode | null }>(rt.api.yoga, RUN, {
          authorization: app,
          variables: { id, asOf },
        });
        const { run } = answered(response);
        if (asOf === head) expect(run).toMatchObject({ id, status });
      }
    }
  });

  it('given a run started without input, then its input is null', async () => {
    const [id] = [...runs.keys()];
    const { run } = answered(
      await graphqlRequest<{ run: RunNode }>(rt.api.yoga, RUN, { authorization: app, variables: { id } }),
    );
    expect(run.input).toBeNull();
  });
});

describe('pending approvals of an ended run', () => {
  it('given a run awaiting approval, when it is cancelled, then `run.pendingApprovals` (now and asOf the head) agrees with `approvals`: none', async () => {
    const query = `query($id: ID!, $asOf: Position) {
      now: run(id: $id) { status pendingApprovals }
      then: run(id: $id, asOf: $asOf) { status pendingApprovals }
      approvals { runId } }`;
    const response = await graphqlRequest<{
      now: RunNode;
      then: RunNode;
      approvals: Array<{ runId: string }>;
    }>(rt.api.yoga, query, {
      authorization: auditor,
      variables: { id: cancelledWhileAwaiting, asOf: await rt.log.headPosition() },
    });
    const { now, then, approvals } = answered(response);
    expect(approvals.filter((approval) => approval.runId === cancelledWhileAwaiting)).toEqual([]);
    expect(now).toEqual({ status: 'cancelled', pendingApprovals: 0 });
    expect(then).toEqual({ status: 'cancelled', pendingApprovals: 0 });
  });
});
