import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from './hardening.js';
import { listen } from '../testing/httpServer.js';
import type { ListeningApi } from '../testing/httpServer.js';
import { openTestRuntime } from '../testing/testRuntime.js';
import type { TestRuntime, TestRuntimeOptions } from '../testing/testRuntime.js';

// Malformed and probing requests over real HTTP (node:http on 127.0.0.1): each is answered as the caller's fault,
// with nothing of the request, the schema or the server's internals echoed back.

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: {
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    data?: unknown;
  };
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Answer['body'] };
}

function servers(options: TestRuntimeOptions) {
  const state = {} as { rt: TestRuntime; http: ListeningApi; app: string };
  beforeAll(async () => {
    state.rt = await openTestRuntime(options);
    state.http = await listen(state.rt.api);
    state.app = await state.rt.bearer('app');
  });
  afterAll(async () => {
    await state.http.close();
    await state.rt.close();
  });
  const post = async (body: string, authorization: string | null = state.app) =>
    answer(
      await fetch(state.http.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === null ? {} : { authorization }),
        },
        body,
      }),
    );
  return { state, post };
}

describe('with default settings', () => {
  const { state, post } = servers({});

  it('a GET whose variables are not JSON is answered 400 BAD_REQUEST, not 500', async () => {
    const query = encodeURIComponent('query($id: ID!) { run(id: $id) { id } }');
    for (const parameter of ['variables={bad', 'extensions=%7Bbad']) {
      const response = await answer(
        await fetch(`${state.http.url}?query=${query}&${parameter}`, {
          headers: { authorization: state.app, 'x-graphql-yoga-csrf': '1' },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
      expect(response.text).not.toMatch(/bad|SyntaxError|position/);
    }
  });

  it('an invalid JSON body is answered 400 without echoing the body or the JS error', async () => {
    const response = await post('{"query": "{ ledger { head } }", "secret": sk-live-123');
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
    expect(response.text).not.toMatch(/sk-live-123|ledger|SyntaxError|originalError|Unexpected token/);
  });

  it('a misspelt enum value (literal or variable) is refused without suggesting the real values', async () => {
    const literal = await post(JSON.stringify({ query: '{ runs(status: runing) { edges { cursor } } }' }));
    const variable = await post(
      JSON.stringify({
        query: 'query($s: RunStatus) { runs(status: $s) { edges { cursor } } }',
        variables: { s: 'runing' },
      }),
    );
    for (const refused of [literal, variable]) {
      expect(refused.body.errors?.length).toBeGreaterThan(0);
      expect(refused.text).toMatch(/runing/);
      expect(refused.text).not.toMatch(/Did you mean|"running"|"pending"/);
    }
  });

  it('`__typename` aliases count towards the alias limit', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: __typename`);
    const response = await post(JSON.stringify({ query: `{ ${aliases.join(' ')} }` }));
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(response.text).toMatch(/alias/i);
  });
});

describe('with GraphiQL enabled (MIR_GRAPHIQL=1)', () => {
  const { state, post } = servers({ config: { graphiql: true } });
  const INTROSPECT = JSON.stringify({ query: '{ __schema { queryType { name } } }' });

  it('introspection is refused to a caller without a key (401) and answered to one with a key', async () => {
    for (const authorization of [null, 'Bearer not-a-key']) {
      const anonymous = await post(INTROSPECT, authorization);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.text).not.toMatch(/queryType|"Query"/);
    }
    const known = await post(INTROSPECT, state.app);
    expect(known.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
