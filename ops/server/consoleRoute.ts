import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { CONSOLE_CSP, CONSOLE_DIR_PATH } from '../console/consoleFiles.js';
import { jsonResponse, refuseUnlessRead } from './jsonResponse.js';

/** True for the paths the console owns: `/console`, `/console/` and everything under it. */
export function isConsolePath(path: string): boolean {
  return path === '/console' || path.startsWith('/console/');
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Vite names every asset after its content hash, so an asset never changes under its name. */
const ASSET = /^\/console\/assets\/([A-Za-z0-9_.-]+)$/;

const COMMON_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/**
 * `GET /console…`: the built console (`dir`, read as the files are now). `/console` and `/console/` answer the page
 * (revalidated on every load, so a rebuild shows at once); `/console/assets/<name>` a built asset (cached for good:
 * its name is its hash). The page holds no data and needs no key: everything it shows comes from /graphql with the
 * key the user signs in with. 404 for any other path under /console, 405 for other methods than GET and HEAD, 503
 * naming `npm run build` when the console was never built.
 */
export async function serveConsole(
  method: string | undefined,
  path: string,
  dir: string,
  response: ServerResponse,
): Promise<void> {
  if (refuseUnlessRead(method, 'the console', response)) return;
  const asset = ASSET.exec(path)?.[1];
  const isPage = path === '/console' || path === '/console/';
  if (!isPage && (asset === undefined || asset.startsWith('.'))) {
    return jsonResponse(response, 404, { error: 'not found' });
  }
  const contentType = CONTENT_TYPES[extname(asset ?? 'index.html')];
  if (contentType === undefined) return jsonResponse(response, 404, { error: 'not found' });
  const file = isPage ? join(dir, 'index.html') : join(dir, 'assets', asset!);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!isPage) return jsonResponse(response, 404, { error: 'not found' });
    return jsonResponse(response, 503, {
      error: `the console is not built (${join(CONSOLE_DIR_PATH, 'index.html')} is missing): run \`npm run build\``,
    });
  }
  response.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': contentType,
    'content-length': String(body.length),
    'cache-control': isPage ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  response.end(method === 'HEAD' ? undefined : body);
}
