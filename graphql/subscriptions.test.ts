import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { nextResults, subscriptionClient } from './testing/subscriptionClients.js';
import type { SubscriptionResult, Transport } from './testing/subscriptionClients.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
let http: ListeningApi;
let app: string;
beforeAll(async () => {
  rt = await openTestRuntime();
  http = await listen(rt.api);
  app = await rt.bearer('app');
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

const CANCEL = `mutation($runId: ID!) { cancelRun(runId: $runId, reason: "done") { __typename } }`;
const RUN_EVENTS = `subscription($runId: ID!, $from: Position) {
  runEvents(runId: $runId, fromPosition: $from) { position type data run { id stepCount } } }`;

interface EventView {
  readonly position: number;
  readonly type: string;
  readonly data: { stepNumber?: number };
  readonly run: { readonly stepCount: number };
}
const eventsOf = (results: SubscriptionResult[]) =>
  results.map((result) => {
    expect(result.errors).toBeUndefined();
    return result.data!.runEvents as EventView;
  });

describe.each<Transport>(['sse', 'ws'])('subscriptions over %s', (transport) => {
  it("runEvents completes after delivering the run's terminal event, live and from history", async () => {
    const { run } = await startRun(rt.api.yoga, app);
    const client = subscriptionClient(transport, http, app);
    try {
      const live = client.iterate(RUN_EVENTS, { runId: run.id });
      expect(eventsOf(await nextResults(live, 1)).map((event) => event.type)).toEqual(['RunStarted']);
      await recordStep(rt.api.yoga, app, run.id);
      await graphqlRequest(rt.api.yoga, CANCEL, { authorization: app, variables: { runId: run.id } });
      // Asking for more than the run has: the stream must end by itself (nextResults fails on a timeout).
      const rest = eventsOf(await nextResults(live, 10));
      expect(rest.map((event) => event.type)).toEqual(['StepRecorded', 'RunCancelled']);
      expect(await live.next()).toMatchObject({ done: true });
      const replayed = eventsOf(await nextResults(client.iterate(RUN_EVENTS, { runId: run.id }), 10));
      expect(replayed.map((event) => event.type)).toEqual(['RunStarted', 'StepRecorded', 'RunCancelled']);
    } finally {
      await client.dispose();
    }
  });

  it('runEvents: history then live events in order; after a reconnect from the last position + 1, no gap and no repeat', async () => {
    const { run } = await startRun(rt.api.yoga, app);
    const client = subscriptionClient(transport, http, app);
    try {
      const first = client.iterate(RUN_EVENTS, { runId: run.id });
      const [started] = eventsOf(await nextResults(first, 1));
      expect(started!.type).toBe('RunStarted');
      await recordStep(rt.api.yoga, app, run.id, { summary: 'one' });
      await recordStep(rt.api.yoga, app, run.id, { summary: 'two' });
      const live = eventsOf(await nextResults(first, 2));
      expect(live.map((event) => event.data.stepNumber)).toEqual([1, 2]);
      await first.return?.();

      await recordStep(rt.api.yoga, app, run.id, { summary: 'three (while away)' });
      await recordStep(rt.api.yoga, app, run.id, { summary: 'four (while away)' });
      const resumed = client.iterate(RUN_EVENTS, { runId: run.id, from: live[1]!.position + 1 });
      const missed = eventsOf(await nextResults(resumed, 2));
      await recordStep(rt.api.yoga, app, run.id, { summary: 'five (live again)' });
      const [fifth] = eventsOf(await nextResults(resumed, 1));
      await resumed.return?.();

      const all = [started!, ...live, ...missed, fifth!];
      expect(all.map((event) => event.data.stepNumber ?? 0)).toEqual([0, 1, 2, 3, 4, 5]);
      // Nested read-model data is never older than the event (fresh loaders per event, projection caught up).
      for (const event of all) expect(event.run.stepCount).toBeGreaterThanOrEqual(event.data.stepNumber ?? 0);
      const positions = all.map((event) => event.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
    } finally {
      await client.dispose();
    }
  });

  it('a key revoked while subscribed receives nothing more: its subscription ends with UNAUTHENTICATED', async () => {
    const key = await rt.issue('app');
    const { run } = await startRun(rt.api.yoga, app);
    const client = subscriptionClient(transport, http, `Bearer ${key.token}`);
    try {
      const events = client.iterate(RUN_EVENTS, { runId: run.id });
      expect(eventsOf(await nextResults(events, 1))[0]!.type).toBe('RunStarted');
      await rt.keys.revoke(key.keyId, 'leaked', { kind: 'user', id: 'test-operator' });
      await recordStep(rt.api.yoga, app, run.id, { summary: 'after the revocation' });
      // The clients surface the end either as an error result or as a rejected iteration carrying the errors.
      const after: SubscriptionResult[] = await nextResults(events, 1).catch((error: unknown) => [
        { errors: [{ message: error instanceof Error ? error.message : JSON.stringify(error) }] },
      ]);
      expect(
        after.some((result) => result.data?.runEvents !== undefined && result.data.runEvents !== null),
      ).toBe(false);
      expect(JSON.stringify(after)).toMatch(/UNAUTHENTICATED|authentication required/);
    } finally {
      await client.dispose();
    }
  });

  it("ledgerTail delivers only the caller's tenant, live, in ledger order", async () => {
    const client = subscriptionClient(transport, http, app);
    const other = await rt.bearer('app', 'globex');
    try {
      const tail = client.iterate(
        `subscription { ledgerTail(filter: { streamPrefix: "run-" }) { position type tenant } }`,
      );
      const pending = nextResults(tail, 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await startRun(rt.api.yoga, other);
      const mine = await startRun(rt.api.yoga, app);
      await recordStep(rt.api.yoga, app, mine.run.id);
      const events = (await pending).map(
        (result) => result.data!.ledgerTail as { position: number; tenant: string; type: string },
      );
      expect(events.map((event) => [event.tenant, event.type])).toEqual([
        ['acme', 'RunStarted'],
        ['acme', 'StepRecorded'],
      ]);
      await tail.return?.();
    } finally {
      await client.dispose();
    }
  });

  it('runUpdates sends the run exactly as of each matching event', async () => {
    const client = subscriptionClient(transport, http, app);
    try {
      const { run } = await startRun(rt.api.yoga, app, { agent: `watched-${transport}` });
      const updates = client.iterate(
        `subscription($agent: String, $from: Position) { runUpdates(filter: { agent: $agent }, fromPosition: $from) {
          run { id status stepCount asOf } event { type position } } }`,
        { agent: `watched-${transport}`, from: run.lastPosition },
      );
      await recordStep(rt.api.yoga, app, run.id);
      const results = await nextResults(updates, 2);
      const views = results.map(
        (result) =>
          result.data!.runUpdates as { run: Record<string, unknown>; event: Record<string, unknown> },
      );
      expect(views.map((view) => [view.event.type, view.run.status, view.run.stepCount])).toEqual([
        ['RunStarted', 'pending', 0],
        ['StepRecorded', 'running', 1],
      ]);
      expect(views.every((view) => view.run.asOf === view.event.position)).toBe(true);
      await updates.return?.();
    } finally {
      await client.dispose();
    }
  });

  it("is refused at subscribe time for another tenant's run (NOT_FOUND)", async () => {
    const foreign = await startRun(rt.api.yoga, await rt.bearer('app', 'globex'));
    const client = subscriptionClient(transport, http, app);
    try {
      const results = await collectOrError(client.iterate(RUN_EVENTS, { runId: foreign.run.id }));
      expect(results).toMatch(/NOT_FOUND|not found/);
    } finally {
      await client.dispose();
    }
  });

  it('is refused without a key', async () => {
    const client = subscriptionClient(transport, http, null);
    try {
      const results = await collectOrError(client.iterate(`subscription { ledgerTail { position } }`));
      expect(results).toMatch(transport === 'ws' ? /4403|Forbidden/ : /401|UNAUTHENTICATED/);
    } finally {
      await client.dispose();
    }
  });
});

/** Everything an iterator yields until it ends, or the error it ends with, as text. */
async function collectOrError(iterator: AsyncIterableIterator<SubscriptionResult>): Promise<string> {
  try {
    return JSON.stringify(await nextResults(iterator, 1));
  } catch (error) {
    return error instanceof Error
      ? `${error.name}: ${error.message}`
      : JSON.stringify(error, ['code', 'reason']);
  }
}
