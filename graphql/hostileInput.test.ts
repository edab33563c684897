import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from './server/hardening.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
let http: ListeningApi;
let admin: string;
let runId: string;
beforeAll(async () => {
  rt = await openTestRuntime();
  http = await listen(rt.api);
  admin = await rt.bearer('admin');
  runId = (await startRun(rt.api.yoga, admin)).run.id;
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

const post = async (body: BodyInit, headers: Record<string, string> = {}) =>
  rt.api.yoga.fetch('http://mir.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: admin,
      ...headers,
    },
    body,
  });
const messages = (response: GraphqlResponse<unknown>) =>
  (response.errors ?? []).map((error) => error.message).join('\n');

/** Each hostile request must be answered clearly, leave the ledger as it was, and leave the server serving. */
async function expectRefusedHarmlessly(
  attempt: () => Promise<{ status: number; text: string }>,
  status: number,
  pattern: RegExp,
) {
  const head = await rt.log.headPosition();
  const answer = await attempt();
  expect(answer.status).toBe(status);
  expect(answer.text).toMatch(pattern);
  expect(await rt.log.headPosition()).toBe(head);
  const healthy = await graphqlRequest<{ run: { id: string } }>(
    rt.api.yoga,
    `query($id: ID!) { run(id: $id) { id } }`,
    {
      authorization: admin,
      variables: { id: runId },
    },
  );
  expect(healthy.data?.run.id).toBe(runId);
}

const asText = async (response: Response) => ({ status: response.status, text: await response.text() });

describe('limits tuned for Relay', () => {
  it('an ordinary nested Relay query (connection in connection) passes every limit', async () => {
    const response = await graphqlRequest(
      rt.api.yoga,
      `{ runs(first: 5) { edges { cursor node { id events(first: 5) { edges { cursor node {
          position run { id steps { event { actor { apiKey { label } } } } } } } pageInfo { hasNextPage } } } }
          pageInfo { hasNextPage endCursor } } }`,
      { authorization: admin },
    );
    expect(response.errors).toBeUndefined();
  });
});

describe('hostile input', () => {
  it('a depth bomb is refused by the depth limit', async () => {
    const bomb = `query($id: ID!) { run(id: $id) { ${'lastEvent { run { '.repeat(8)}id${' } }'.repeat(8)} } }`;
    await expectRefusedHarmlessly(
      () => post(JSON.stringify({ query: bomb, variables: { id: runId } })).then(asText),
      400,
      new RegExp(`depth limit of ${QUERY_LIMITS.maxDepth}`),
    );
  });

  it('an alias bomb is refused by the alias limit', async () => {
    const bomb = `{ ${Array.from({ length: 100 }, (_, index) => `a${index}: verifyLedger { ok }`).join(' ')} }`;
    await expectRefusedHarmlessly(
      () => post(JSON.stringify({ query: bomb })).then(asText),
      400,
      /Aliases limit/,
    );
  });

  it('a fragment bomb (each fragment spreading the next twice) is refused by the cost limit', async () => {
    const levels = 13;
    const fragments = Array.from({ length: levels }, (_, index) =>
      index === levels - 1
        ? `fragment F${index} on Ledger { head origin }`
        : `fragment F${index} on Ledger { ...F${index + 1} ...F${index + 1} }`,
    );
    const bomb = `{ ledger { ...F0 } } ${fragments.join(' ')}`;
    await expectRefusedHarmlessly(
      () => post(JSON.stringify({ query: bomb })).then(asText),
      400,
      /Cost limit/,
    );
  });

  it('a query with too many tokens is refused before it is parsed in full', async () => {
    const bomb = `{ ledger { ${'head '.repeat(QUERY_LIMITS.maxTokens)} } }`;
    await expectRefusedHarmlessly(
      () => post(JSON.stringify({ query: bomb })).then(asText),
      400,
      /Token limit/,
    );
  });

  it('a body over the limit is answered 413 from its Content-Length, without parsing', async () => {
    const body = JSON.stringify({ query: `{ ledger { head } }`, padding: 'x'.repeat(70 * 1024) });
    await expectRefusedHarmlessly(() => post(body).then(asText), 413, /too large/i);
  });

  it('a chunked body over the limit (no Content-Length) is cut off with 413 over real HTTP', async () => {
    await expectRefusedHarmlessly(() => chunkedPost(http.url, admin, 70 * 1024), 413, /too large/i);
  });

  it('invalid JSON is answered 400', async () => {
    await expectRefusedHarmlessly(() => post('{"query": "{ ledger { head } }"').then(asText), 400, /JSON/i);
  });

  it('a variable of the wrong type is answered 400 naming the variable', async () => {
    const text = `mutation($goal: String!) { startRun(goal: $goal, agent: "a") { __typename } }`;
    await expectRefusedHarmlessly(
      () => post(JSON.stringify({ query: text, variables: { goal: { not: 'a string' } } })).then(asText),
      400,
      /\$goal/,
    );
  });

  it('a mutation over GET is refused with 405', async () => {
    const query = encodeURIComponent(`mutation { startRun(goal: "g", agent: "a") { __typename } }`);
    await expectRefusedHarmlessly(
      async () =>
        asText(
          await rt.api.yoga.fetch(`http://mir.test/graphql?query=${query}`, {
            headers: { authorization: admin, 'x-graphql-yoga-csrf': '1', accept: 'application/json' },
          }),
        ),
      405,
      /mutation/i,
    );
  });

  it('a simple (non-preflighted) request without the CSRF header is refused with 403', async () => {
    await expectRefusedHarmlessly(
      () =>
        post(JSON.stringify({ query: `{ ledger { head } }` }), { 'content-type': 'text/plain' }).then(asText),
      403,
      /CSRF/,
    );
  });

  it('a batch of operations is refused (batching is off)', async () => {
    const batch = JSON.stringify([{ query: `{ ledger { head } }` }, { query: `{ ledger { head } }` }]);
    await expectRefusedHarmlessly(() => post(batch).then(asText), 400, /./);
  });

  it('an unknown field is refused without suggesting real field names', async () => {
    const response = await graphqlRequest(rt.api.yoga, `{ runz { id } ledger { heda } }`, {
      authorization: admin,
    });
    expect(response.status).toBe(400);
    expect(messages(response)).toMatch(/Cannot query field "runz"/);
    expect(messages(response)).not.toMatch(/Did you mean|"runs"|"head"/);
  });

  it('in development, suggestions are shown', async () => {
    const dev = await openTestRuntime({ config: { development: true } });
    try {
      const response = await graphqlRequest(dev.api.yoga, `{ runz { id } }`, {
        authorization: await dev.bearer('app'),
      });
      expect(messages(response)).toMatch(/Did you mean .*"runs"/);
    } finally {
      await dev.close();
    }
  });

  it('introspection is off unless development or GraphiQL is enabled', async () => {
    const response = await graphqlRequest(rt.api.yoga, `{ __schema { queryType { name } } }`, {
      authorization: admin,
    });
    expect(response.status).toBe(400);
    expect(messages(response)).toMatch(/introspection/i);
  });

  it('an unexpected failure is masked: no internals reach the client', async () => {
    const broken = await openTestRuntime();
    const app = await broken.bearer('app');
    await broken.readModels.close();
    try {
      const response = await graphqlRequest(broken.api.yoga, `{ runs { edges { cursor } } }`, {
        authorization: app,
      });
      expect(response.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
        ['Unexpected error.', 'INTERNAL_SERVER_ERROR'],
      ]);
      expect(JSON.stringify(response)).not.toMatch(/sqlite|database|stack/i);
    } finally {
      await broken.ledger.close();
    }
  });
});

/** POSTs a JSON body of about `size` bytes with Transfer-Encoding: chunked (no Content-Length). */
function chunkedPost(
  url: string,
  authorization: string,
  size: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.write(`{"query":"{ ledger { head } }","padding":"`);
    for (let sent = 0; sent < size; sent += 1024) request.write('x'.repeat(1024));
    request.end('"}');
  });
}
