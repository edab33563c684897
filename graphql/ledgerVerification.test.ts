import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventLog } from '../domain/index.js';
import { verifyLedger } from '../ledger/index.js';
import { testEvents } from '../ledger/testing/testEvents.js';
import { createGraphqlApi } from './createGraphqlApi.js';
import { errorCodes } from './testing/graphqlRequest.js';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { firstSseResult } from './testing/sseRequest.js';
import { nextResults, subscriptionClient } from './testing/subscriptionClients.js';
import type { SubscriptionResult } from './testing/subscriptionClients.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const VERIFICATION = `subscription($from: Position, $to: Position) { ledgerVerification(from: $from, to: $to) {
  eventsVerified total done report { ok eventsVerified checkpointsVerified failure { code } } } }`;
/** More events than the verifier's page (20,000), so that it reports progress before it ends. */
const EVENTS = 45_000;

interface ProgressView {
  readonly eventsVerified: number;
  readonly total: number;
  readonly done: boolean;
  readonly report: { ok: boolean; eventsVerified: number; checkpointsVerified: number } | null;
}
const progressOf = (results: SubscriptionResult[]) =>
  results.map((result) => {
    expect(result.errors).toBeUndefined();
    return result.data!.ledgerVerification as ProgressView;
  });

let rt: TestRuntime;
let http: ListeningApi;
let auditor: string;
beforeAll(async () => {
  rt = await openTestRuntime();
  for (let appended = 0; appended < EVENTS; appended += 5_000)
    await rt.log.append(`bulk-${appended}`, testEvents(5_000), 'no_stream');
  await rt.ledger.checkpointNow();
  auditor = await rt.bearer('auditor');
  http = await listen(rt.api);
}, 60_000);
afterAll(async () => {
  await http.close();
  await rt.close();
});

describe('ledgerVerification over SSE', () => {
  it('given a ledger of 45,000 events, then progress as it goes, then one last item with the verifyLedger report', async () => {
    const client = subscriptionClient('sse', http, auditor);
    try {
      const items = progressOf(await nextResults(client.iterate(VERIFICATION), 100, 30_000));
      const last = items.at(-1)!;
      const total = (await rt.log.headPosition())! + 1;
      expect(last).toEqual({
        eventsVerified: total,
        total,
        done: true,
        report: { ok: true, eventsVerified: total, checkpointsVerified: 1, failure: null },
      });
      const progress = items.slice(0, -1);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((item) => !item.done && item.report === null && item.total === total)).toBe(true);
      const verified = progress.map((item) => item.eventsVerified);
      expect(verified).toEqual([...verified].sort((a, b) => a - b));
      expect(verified.every((count) => count > 0 && count <= total)).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('with `to`, then only the prefix up to that position is verified', async () => {
    const response = await firstSseResult(rt.api.yoga, VERIFICATION, {
      authorization: auditor,
      variables: { to: 99 },
      timeoutMs: 30_000,
    });
    // The first item may be progress or already the end: either way it counts 100 events.
    expect((response.data as { ledgerVerification: ProgressView }).ledgerVerification).toMatchObject({
      eventsVerified: 100,
      total: 100,
    });
  });

  it('when from is after to, then BAD_USER_INPUT; for an app key, FORBIDDEN', async () => {
    const bad = await firstSseResult(rt.api.yoga, VERIFICATION, {
      authorization: auditor,
      variables: { from: 10, to: 5 },
    });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const app = await firstSseResult(rt.api.yoga, VERIFICATION, { authorization: await rt.bearer('app') });
    expect(errorCodes(app)).toEqual(['FORBIDDEN']);
  });

  it('when the subscriber closes after the first progress item, then the verification is stopped', async () => {
    // The real verifier over the real log, each page read 300 ms late: the close arrives while it still runs.
    const slowLog = new Proxy(rt.log, {
      get: (target, property, receiver) =>
        property === 'readEncoded'
          ? async (...args: Parameters<EventLog['readEncoded']>) => {
              await delay(300);
              return target.readEncoded(...args);
            }
          : (Reflect.get(target, property, receiver) as unknown),
    });
    const runs: Array<{ signal: AbortSignal | undefined; outcome: Promise<string> }> = [];
    const api = createGraphqlApi({
      ...rt.deps,
      verifyLedger: (_range, watch = {}) => {
        const running = verifyLedger(slowLog, watch);
        runs.push({
          signal: watch.signal,
          outcome: running.then(
            () => 'finished',
            () => 'stopped',
          ),
        });
        return running;
      },
    });
    const server = await listen(api);
    const client = subscriptionClient('sse', server, auditor);
    try {
      const iterator = client.iterate(VERIFICATION);
      const [first] = progressOf(await nextResults(iterator, 1, 30_000));
      expect(first!.done).toBe(false);
      await iterator.return!();
      expect(await runs[0]!.outcome).toBe('stopped');
      expect(runs[0]!.signal?.aborted).toBe(true);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
});
