import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { startRun } from './testing/runOperations.js';
import { nextResults, subscriptionClient } from './testing/subscriptionClients.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
let http: ListeningApi;
beforeAll(async () => {
  rt = await openTestRuntime();
  http = await listen(rt.api);
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

describe('graphql-ws endpoint', () => {
  it('applies the same query limits as HTTP, and the connection stays usable', async () => {
    const client = subscriptionClient('ws', http, await rt.bearer('app'));
    try {
      const bomb = `{ ledger { ${Array.from({ length: 40 }, (_, index) => `a${index}: head`).join(' ')} } }`;
      const refused = await nextResults(client.iterate(bomb), 1).catch((error: unknown) => error);
      expect(JSON.stringify(refused)).toMatch(/Aliases limit/);
      const [ok] = await nextResults(client.iterate(`{ ledger { head } }`), 1);
      expect(ok!.data).toEqual({ ledger: { head: await rt.log.headPosition() } });
    } finally {
      await client.dispose();
    }
  });

  it('serves mutations too, and authenticates every operation: a key revoked after connecting stops working', async () => {
    const issued = await rt.issue('app');
    const client = subscriptionClient('ws', http, `Bearer ${issued.token}`);
    // A live subscription keeps the one connection open, so the later operations travel on the same socket.
    const tail = client.iterate(`subscription { ledgerTail { position } }`);
    const pending = tail.next();
    try {
      const started = await nextResults(
        client.iterate(`mutation { startRun(goal: "g", agent: "ws") { __typename } }`),
        1,
      );
      expect(started[0]!.data).toEqual({ startRun: { __typename: 'RunCommandPayload' } });
      await rt.keys.revoke(issued.keyId, 'leaked', { kind: 'user', id: 'test-operator' });
      const [refused] = await nextResults(client.iterate(`{ ledger { head } }`), 1);
      expect(refused!.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    } finally {
      await tail.return?.();
      await pending.catch(() => undefined);
      await client.dispose();
    }
  });

  it('closes a connection whose message exceeds the request size limit (1009), leaving the server healthy', async () => {
    const socket = new WebSocket(http.wsUrl, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(70 * 1024) } }));
    expect(await closed).toBe(1009);
    const app = await rt.bearer('app');
    expect((await startRun(rt.api.yoga, app)).run.status).toBe('pending');
  });
});
