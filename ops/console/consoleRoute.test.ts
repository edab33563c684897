import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageOnlyServer } from '../server/testing/pageOnlyServer.js';
import { buildConsole } from './build/buildConsole.js';
import { CONSOLE_CSP } from './consoleFiles.js';

let dir: string;
let built: string;
const servers: Server[] = [];

async function listen(consoleDir: string | null): Promise<string> {
  const server = pageOnlyServer(join(dir, 'no-verify-page.html'), consoleDir);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mir-console-route-'));
  built = join(dir, 'console');
  await buildConsole(built);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

describe('GET /console', () => {
  it('given a built console, then the page and every asset it names are served from this server, under a strict CSP', async () => {
    const base = await listen(built);
    const page = await fetch(`${base}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    const local = assets.filter((asset) => asset.startsWith('/console/assets/'));
    expect(local.length).toBeGreaterThanOrEqual(2);
    // Nothing from elsewhere: every script and stylesheet is one of ours (the icon is an empty data: URL).
    expect(assets.filter((asset) => !local.includes(asset))).toEqual(['data:,']);
    for (const asset of local) {
      const response = await fetch(`${base}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-type')).toMatch(/^text\/(javascript|css)/);
    }
    expect((await fetch(`${base}/console/`)).status).toBe(200);
  });

  it('when a path under /console is unknown, escapes the folder or uses another method, then 404 or 405', async () => {
    const base = await listen(built);
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/assets/..%2Findex.html`)).status).toBe(404);
    expect((await fetch(`${base}/console/other`)).status).toBe(404);
    const post = await fetch(`${base}/console`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('given the console turned off (MIR_CONSOLE=0), then /console is 404 like any unknown path', async () => {
    const base = await listen(null);
    expect((await fetch(`${base}/console`)).status).toBe(404);
  });

  it('given a console never built, then 503 naming npm run build', async () => {
    const base = await listen(join(dir, 'never-built'));
    const response = await fetch(`${base}/console`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/npm run build/);
  });
});
