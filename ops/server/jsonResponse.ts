import type { ServerResponse } from 'node:http';

/** Answers `body` as uncached JSON: every non-page answer of the HTTP surface, errors included. */
export function jsonResponse(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify(body));
}

/**
 * The answer of a page route (`/verify`, `/console`) to anything but GET and HEAD: 405 naming `what`, with `allow`.
 * Returns true when it answered, so the route stops there.
 */
export function refuseUnlessRead(
  method: string | undefined,
  what: string,
  response: ServerResponse,
): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  jsonResponse(response, 405, { error: `${what} answers GET and HEAD only` }, { allow: 'GET, HEAD' });
  return true;
}
