import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlApi } from '../createGraphqlApi.js';
import { graphqlRequest } from '../testing/graphqlRequest.js';
import { listen } from '../testing/httpServer.js';
import type { ListeningApi } from '../testing/httpServer.js';
import { recordStep, startRun } from '../testing/runOperations.js';
import { nextResults, subscriptionClient } from '../testing/subscriptionClients.js';
import { openTestRuntime } from '../testing/testRuntime.js';
import type { TestRuntime } from '../testing/testRuntime.js';

const UPDATES = `subscription($runId: ID!, $from: Position) {
  runUpdates(filter: { runId: $runId }, fromPosition: $from) {
    run { id status stepCount revision lastPosition asOf steps { stepNumber summary } } event { position type } } }`;
const AS_OF = `query($id: ID!, $asOf: Position) {
  run(id: $id, asOf: $asOf) { id status stepCount revision lastPosition asOf steps { stepNumber summary } } }`;

let rt: TestRuntime;
let http: ListeningApi;
let app: string;
/** How often the API read a run's whole stream to fold it (`runAsOf`). */
let folds = 0;
beforeAll(async () => {
  rt = await openTestRuntime();
  const counted = {
    ...rt.deps,
    runAsOf: (tenant: string, runId: string, asOf: number) => {
      folds += 1;
      return rt.deps.runAsOf(tenant, runId, asOf);
    },
  };
  http = await listen(createGraphqlApi(counted));
  app = await rt.bearer('app');
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

describe('runUpdates on a long run', () => {
  it('given a run followed from its start, when 40 steps commit, then the stream is read for the first update only, and each update is the run exactly as time travel gives it', async () => {
    const { run } = await startRun(rt.api.yoga, app, { budget: { maxSteps: 100 } });
    const client = subscriptionClient('sse', http, app);
    try {
      const updates = client.iterate(UPDATES, { runId: run.id, from: run.lastPosition });
      const [first] = await nextResults(updates, 1);
      folds = 0;
      for (let step = 1; step <= 40; step++)
        await recordStep(rt.api.yoga, app, run.id, { summary: `s${step}` });
      const results = await nextResults(updates, 40);
      await updates.return?.();
      // Folded on event by event: no read of the run's stream per update (before: one per update, each longer).
      expect(folds).toBe(0);
      const views = [first!, ...results].map((result) => {
        expect(result.errors).toBeUndefined();
        return (result.data!.runUpdates as { run: Record<string, unknown> }).run;
      });
      expect(views.map((view) => view.stepCount)).toEqual(Array.from({ length: 41 }, (_, step) => step));
      for (const view of [views[1]!, views[20]!, views[40]!]) {
        const travelled = await graphqlRequest(rt.api.yoga, AS_OF, {
          authorization: app,
          variables: { id: run.id, asOf: view.asOf },
        });
        expect(travelled.data?.run).toEqual(view);
      }
    } finally {
      await client.dispose();
    }
  });
});
