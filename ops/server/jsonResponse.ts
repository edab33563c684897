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
