import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from './testing/httpServer.js';
import type { ListeningApi } from './testing/httpServer.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime, TestRuntimeOptions } from './testing/testRuntime.js';

/** A runtime served over real HTTP on 127.0.0.1 for the duration of `body`. */
async function served(
  options: TestRuntimeOptions,
  body: (rt: TestRuntime, http: ListeningApi) => Promise<void>,
) {
  const rt = await openTestRuntime(options);
  const http = await listen(rt.api);
  try {
    await body(rt, http);
  } finally {
    await http.close();
    await rt.close();
  }
}

const json = (
  authorization: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  origin?: string,
) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    ...(authorization === null ? {} : { authorization }),
    ...(origin === undefined ? {} : { origin }),
  },
  body: JSON.stringify({ query, variables }),
});

describe('over real HTTP (node:http on 127.0.0.1)', () => {
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

  it('a mutation then a query round-trip, read-your-writes', async () => {
    const started = await fetch(
      http.url,
      json(
        app,
        `mutation { startRun(goal: "g", agent: "a") { ... on RunCommandPayload { run { id status } } } }`,
      ),
    );
    expect(started.status).toBe(200);
    const { data } = (await started.json()) as {
      data: { startRun: { run: { id: string; status: string } } };
    };
    expect(data.startRun.run.status).toBe('pending');
    const read = await fetch(
      http.url,
      json(app, `query($id: ID!) { run(id: $id) { id status } }`, { id: data.startRun.run.id }),
    );
    expect(await read.json()).toEqual({ data: { run: data.startRun.run } });
  });

  it('no key: 401 UNAUTHENTICATED; a revoked key: the same', async () => {
    const issued = await rt.issue('app');
    await rt.keys.revoke(issued.keyId, 'leaked', { kind: 'user', id: 'test-operator' });
    for (const authorization of [null, `Bearer ${issued.token}`, 'Bearer not-a-key']) {
      const response = await fetch(http.url, json(authorization, `{ ledger { head } }`));
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('with no CORS origins configured, no Origin gets CORS headers (the browser keeps the response from it)', async () => {
    const response = await fetch(http.url, json(app, `{ ledger { head } }`, {}, 'https://evil.example'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(http.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GraphiQL is not served when disabled', async () => {
    const response = await fetch(http.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});

describe('configured explicitly', () => {
  it('CORS answers only the listed origins, for themselves, without credentials', async () => {
    const allowed = 'https://dashboard.example';
    await served({ config: { corsOrigins: [allowed] } }, async (rt, http) => {
      const app = await rt.bearer('app');
      const ok = await fetch(http.url, json(app, `{ ledger { head } }`, {}, allowed));
      expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      const preflight = await fetch(http.url, {
        method: 'OPTIONS',
        headers: {
          origin: allowed,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      const other = await fetch(http.url, json(app, `{ ledger { head } }`, {}, 'https://evil.example'));
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('GraphiQL, when enabled, is served from the bundle (no CDN) and introspection works', async () => {
    await served({ config: { graphiql: true } }, async (rt, http) => {
      const page = await fetch(http.url, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<html/i);
      expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdn\./);
      const app = await rt.bearer('app');
      const introspection = await fetch(http.url, json(app, `{ __schema { queryType { name } } }`));
      expect(await introspection.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });
  });

  it('request latency is recorded in the given Prometheus registry', async () => {
    const registry = new Registry();
    await served({ registry }, async (rt, http) => {
      await fetch(http.url, json(await rt.bearer('app'), `{ ledger { head } }`));
      await fetch(http.url, json(null, `{ ledger { head } }`));
    });
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/mir_graphql_request_duration_seconds_count\{method="POST",status="200"\} 1/);
    expect(metrics).toMatch(/mir_graphql_request_duration_seconds_count\{method="POST",status="401"\} 1/);
  });
});
