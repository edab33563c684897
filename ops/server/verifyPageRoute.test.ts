import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERIFY_PAGE_CSP } from '../verifyPage/verifyPageCsp.js';
import { listen } from './listen.js';
import { pageOnlyServer } from './testing/pageOnlyServer.js';

const PAGE = '<!doctype html><title>verifier</title><p>é</p>\n';

describe('GET /verify (the HTTP server on 127.0.0.1, a real page file)', () => {
  let dir: string;
  let server: Server;
  let url: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mir-verify-route-'));
    server = pageOnlyServer(join(dir, 'verify.html'));
    const address = await listen(server, 0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a built page, when fetched without any key, then it answers the file as UTF-8 HTML with a strict CSP, revalidated', async () => {
    writeFileSync(join(dir, 'verify.html'), PAGE);
    const response = await fetch(`${url}/verify`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      `${VERIFY_PAGE_CSP}; frame-ancestors 'none'`,
    );
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(PAGE);
  });

  it('given a rebuilt page, then the next request answers the new file; HEAD answers headers only', async () => {
    writeFileSync(join(dir, 'verify.html'), PAGE);
    await (await fetch(`${url}/verify`)).text();
    writeFileSync(join(dir, 'verify.html'), '<!doctype html><title>rebuilt</title>');
    expect(await (await fetch(`${url}/verify?from=file`)).text()).toBe(
      '<!doctype html><title>rebuilt</title>',
    );
    const head = await fetch(`${url}/verify`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(
      String(Buffer.byteLength('<!doctype html><title>rebuilt</title>')),
    );
    expect(await head.text()).toBe('');
  });

  it('given no built page, then 503 names `npm run build` and the missing file', async () => {
    const response = await fetch(`${url}/verify`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: 'the verifier page is not built (dist/verify/verify.html is missing): run `npm run build`',
    });
  });

  it('when posted to, then 405 with Allow: GET, HEAD; the requests are counted under the /verify route', async () => {
    writeFileSync(join(dir, 'verify.html'), PAGE);
    const response = await fetch(`${url}/verify`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    await (await fetch(`${url}/verify`)).text();
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/mir_http_request_duration_seconds_count\{route="\/verify",status="405"\} 1/);
    expect(metrics).toMatch(/mir_http_request_duration_seconds_count\{route="\/verify",status="200"\} 1/);
  });
});
