import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue, RegisteredTool } from '../../domain/index.js';
import { checkToolOutput } from '../../domain/index.js';
import { AjvSchemaValidator } from './ajvSchemaValidator.js';
import type { HttpToolConfig } from './httpTool.js';
import { HTTP_TOOL_DEFINITIONS, httpToolHandlers } from './httpTools.js';
import { createRuntimeToolExecutor } from './runtimeToolExecutor.js';

let allowed: Server;
let other: Server;
let base: string;
let otherBase: string;

function route(request: IncomingMessage, response: ServerResponse): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}): void =>
    void response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
  const path = request.url ?? '/';
  if (path === '/ok') return send(200, 'hello');
  if (path === '/big') return send(200, 'x'.repeat(300 * 1024));
  if (path === '/big-chunked') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    for (let i = 0; i < 300; i++) response.write('y'.repeat(1024));
    return void response.end();
  }
  if (path === '/slow') return void setTimeout(() => send(200, 'late'), 2_000).unref();
  if (path === '/to-same') return send(302, '', { location: '/ok' });
  if (path === '/to-other') return send(302, '', { location: `${otherBase}/ok` });
  if (path === '/echo') {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () =>
      send(
        200,
        JSON.stringify({
          method: request.method,
          body: Buffer.concat(chunks).toString(),
          headers: request.headers,
        }),
        {
          'content-type': 'application/json',
        },
      ),
    );
    return;
  }
  send(404, 'no');
}

async function listen(): Promise<[Server, string]> {
  const server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  [allowed, base] = await listen();
  [other, otherBase] = await listen();
});
afterAll(async () => {
  for (const server of [allowed, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const tool = (name: string, timeoutMs = 2_000): RegisteredTool => ({
  ...HTTP_TOOL_DEFINITIONS.find((candidate) => candidate.name === name)!,
  timeoutMs,
  tenant: null,
  registeredAt: '2026-11-23T12:00:00.000Z',
  position: 0,
});

function call(name: string, args: JsonValue, config: Partial<HttpToolConfig> = {}, timeoutMs = 2_000) {
  const executor = createRuntimeToolExecutor(
    httpToolHandlers({ allowedHosts: [new URL(base).host], ...config }),
  );
  return executor.execute(tool(name), args, { tenant: 'acme', timeoutMs });
}

describe('http tools', () => {
  it('given an allow-listed host, when GET, then status, content type and body come back matching the output schema', async () => {
    const { output } = await call('http.get', { url: `${base}/ok`, headers: { Accept: 'text/plain' } });
    expect(output).toEqual({ status: 200, contentType: 'text/plain', body: 'hello' });
    expect(() => checkToolOutput(new AjvSchemaValidator(), tool('http.get'), output)).not.toThrow();
  });

  it('when POST, then the body and allowed headers reach the server', async () => {
    const { output } = await call('http.post', {
      url: `${base}/echo`,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const echoed = JSON.parse((output as { body: string }).body) as {
      method: string;
      body: string;
      headers: object;
    };
    expect(echoed).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
  });

  it('when the host, the port or the scheme is not allow-listed, then TOOL_NOT_ALLOWED', async () => {
    const port = new URL(base).port;
    for (const url of [
      `${otherBase}/ok`,
      `http://localhost:${port}/ok`,
      `http://127.0.0.1/ok`,
      `ftp://127.0.0.1:${port}/`,
    ])
      await expect(call('http.get', { url })).rejects.toMatchObject({ code: 'TOOL_NOT_ALLOWED' });
  });

  it('when a redirect leads to a host that is not allowed, then TOOL_NOT_ALLOWED; to the same host it is followed', async () => {
    await expect(call('http.get', { url: `${base}/to-other` })).rejects.toMatchObject({
      code: 'TOOL_NOT_ALLOWED',
      details: { host: new URL(otherBase).host },
    });
    expect((await call('http.get', { url: `${base}/to-same` })).output).toMatchObject({
      status: 200,
      body: 'hello',
    });
    await expect(call('http.get', { url: `${base}/to-same` }, { maxRedirects: 0 })).rejects.toMatchObject({
      code: 'TOOL_NOT_ALLOWED',
    });
  });

  it('when Authorization or Cookie is passed, then TOOL_NOT_ALLOWED unless configured', async () => {
    for (const headers of [{ Authorization: 'Bearer s3cret' }, { cookie: 'sid=1' }] as Record<
      string,
      string
    >[])
      await expect(call('http.get', { url: `${base}/echo`, headers })).rejects.toMatchObject({
        code: 'TOOL_NOT_ALLOWED',
      });
    const { output } = await call(
      'http.get',
      { url: `${base}/echo`, headers: { Authorization: 'Bearer s3cret' } },
      { allowedHeaders: ['authorization'] },
    );
    expect((output as { body: string }).body).toContain('Bearer s3cret');
  });

  it('when the response is larger than the cap (declared or streamed), then TOOL_OUTPUT_TOO_LARGE', async () => {
    for (const path of ['/big', '/big-chunked'])
      await expect(call('http.get', { url: `${base}${path}` })).rejects.toMatchObject({
        code: 'TOOL_OUTPUT_TOO_LARGE',
        details: { limit: 256 * 1024 },
      });
  });

  it('when the server is slower than the timeout, then TOOL_TIMEOUT', async () => {
    await expect(call('http.get', { url: `${base}/slow` }, {}, 150)).rejects.toMatchObject({
      code: 'TOOL_TIMEOUT',
      details: { tool: 'http.get', timeoutMs: 150 },
    });
  });

  it('when the caller aborts, then TOOL_ABORTED', async () => {
    const executor = createRuntimeToolExecutor(httpToolHandlers({ allowedHosts: [new URL(base).host] }));
    const controller = new AbortController();
    const pending = executor.execute(
      tool('http.get'),
      { url: `${base}/slow` },
      {
        tenant: 'acme',
        timeoutMs: 2_000,
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'TOOL_ABORTED' });
  });

  it('when the allowed server is unreachable, then TOOL_FAILED', async () => {
    const [closed, closedBase] = await listen();
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      call('http.get', { url: `${closedBase}/ok` }, { allowedHosts: [new URL(closedBase).host] }),
    ).rejects.toMatchObject({ code: 'TOOL_FAILED' });
  });
});
