import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../graphql/testing/httpServer.js';
import type { ListeningApi } from '../../graphql/testing/httpServer.js';
import { subscriptionClient } from '../../graphql/testing/subscriptionClients.js';
import type { SubscriptionResult, Transport } from '../../graphql/testing/subscriptionClients.js';
import { COMPLETE, openCompletionFixture } from './completionFixture.js';
import type { CompletionFixture } from './completionFixture.js';

// Streaming: a completion requested with `stream: true` reaches `runActivity` subscribers piece by piece, over a
// real HTTP server and the graphql-sse and graphql-ws clients, before the mutation answers; the recorded
// `CompletionCompleted` follows. `runEvents` keeps delivering recorded events only.

const ACTIVITY = `subscription($runId: ID!) { runActivity(runId: $runId) {
  __typename
  ... on CompletionDelta { completionId text }
  ... on Event { type }
} }`;
const hello = [{ role: 'user', content: 'Summarise the quarterly sales report for the board' }];

let f: CompletionFixture;
let http: ListeningApi;

beforeAll(async () => {
  f = await openCompletionFixture();
  await f.engine('ollama', 'local');
  http = await listen(f.rt.api);
});
afterAll(async () => {
  await http.close();
  await f.close();
});

describe.each<Transport>(['sse', 'ws'])('runActivity over %s', (transport) => {
  it('given a streamed completion, then its pieces arrive before the mutation answers, then the recorded events', async () => {
    const runId = await f.run();
    const client = subscriptionClient(transport, http, f.app);
    const seen: { item: Record<string, unknown>; answered: boolean }[] = [];
    let answered = false;
    try {
      const iterator = client.iterate(ACTIVITY, { runId });
      const first = await iterator.next(); // RunStarted: the subscription is live
      expect((first.value as SubscriptionResult).data).toMatchObject({ runActivity: { type: 'RunStarted' } });
      f.peer.script({ kind: 'slow', ms: 20 });
      const mutation = f
        .ask(COMPLETE, { runId, engine: 'ollama', messages: hello, stream: true })
        .then((answer) => {
          answered = true;
          return answer;
        });
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) break;
        const item = (step.value.data as { runActivity: Record<string, unknown> }).runActivity;
        seen.push({ item, answered });
        if (item.type === 'CompletionCompleted') break;
      }
      const answer = await mutation;
      expect(answer.__typename).toBe('CompletionReleased');
      const deltas = seen.filter(({ item }) => item.__typename === 'CompletionDelta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas[0]!.answered).toBe(false);
      expect(deltas.map(({ item }) => item.text).join('')).toBe(answer.content);
      expect(deltas.every(({ item }) => item.completionId === answer.completionId)).toBe(true);
      const types = seen.map(({ item }) => item.type ?? 'delta');
      expect(types[0]).toBe('CompletionRequested');
      expect(types.at(-1)).toBe('CompletionCompleted');
      await iterator.return?.();
    } finally {
      await client.dispose();
    }
  });
});
