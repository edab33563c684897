import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 (port 0) that answers every request `ok` and counts the POSTs it received. */
export interface HookServer {
  /** `http://127.0.0.1:<port>/hook`. */
  readonly url: string;
  /** `127.0.0.1:<port>`, for the http tools' allow list. */
  readonly host: string;
  posts(): number;
  close(): Promise<void>;
}

/** Starts the target of an irreversible `http.post` in tests: what a rollback must list and never post again. */
export async function startHookServer(): Promise<HookServer> {
  let posts = 0;
  const server = createServer((request, response) => {
    posts += request.method === 'POST' ? 1 : 0;
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    host: `127.0.0.1:${port}`,
    posts: () => posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
