import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isConsolePath, serveConsole } from './consoleRoute.js';
import { jsonResponse } from './jsonResponse.js';
import type { ServerMetrics } from './serverMetrics.js';
import { serveVerifyPage } from './verifyPageRoute.js';

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

export interface HttpServerOptions {
  /** The GraphQL handler (Yoga), mounted at /graphql. */
  readonly graphql: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;
  readonly metrics: ServerMetrics;
  /** Ready to serve: store open, projections caught up within a bound. */
  readonly readiness: () => Promise<Readiness>;
  /** The built offline verifier page served at /verify (see verifyPageFile); it may be missing (503). */
  readonly verifyPageFile: string;
  /** The built console served at /console (see consoleDir); null when the console is off (`MIR_CONSOLE=0`: 404). */
  readonly consoleDir: string | null;
  /** MIR as an MCP server (Streamable HTTP), mounted at /mcp; absent: /mcp is 404. */
  readonly mcp?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}

const ROUTES = new Set(['/graphql', '/mcp', '/healthz', '/readyz', '/metrics', '/verify']);

/**
 * The HTTP surface: `/graphql` (Yoga), `/mcp` (MIR as an MCP server, when given), `/healthz` (the process is up), `/readyz` (it can serve correct answers now),
 * `/metrics` (Prometheus), `/verify` (the offline evidence-bundle verifier page, no key needed), `/console` and its
 * assets (the web console, unless turned off). Anything else is 404. Every request's latency is recorded by route and
 * status.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const streams = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (path === '/graphql' && (request.headers.accept ?? '').includes('text/event-stream')) {
      streams.add(response);
      response.on('close', () => streams.delete(response));
    }
    const route = ROUTES.has(path) ? path : isConsolePath(path) ? '/console' : 'other';
    const stop = options.metrics.requestDuration.startTimer({ route });
    response.on('finish', () => stop({ status: String(response.statusCode) }));
    dispatch(path, request, response, options).catch((error: unknown) => {
      if (!response.headersSent) jsonResponse(response, 500, { error: 'internal error' });
      else response.destroy(error instanceof Error ? error : undefined);
    });
  });
  EVENT_STREAMS.set(server, streams);
  return server;
}

/** The subscription streams (server-sent events) each server has open: they never end by themselves. */
const EVENT_STREAMS = new WeakMap<Server, Set<ServerResponse>>();

/**
 * Ends every open server-sent-event stream of `server`, for a graceful stop: `server.close()` waits for requests in
 * flight, and a subscription is one that never finishes (an open console holds several). Clients see the stream
 * end and resubscribe from the last position they received, on this server once it is back or on another.
 */
export function endEventStreams(server: Server): void {
  for (const response of EVENT_STREAMS.get(server) ?? []) response.end();
}

async function dispatch(
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpServerOptions,
): Promise<void> {
  if (isConsolePath(path) && options.consoleDir !== null) {
    return serveConsole(request.method, path, options.consoleDir, response);
  }
  switch (path) {
    case '/graphql':
      return void (await Promise.resolve(options.graphql(request, response)));
    case '/mcp':
      if (options.mcp === undefined) return jsonResponse(response, 404, { error: 'not found' });
      return options.mcp(request, response);
    case '/healthz':
      return jsonResponse(response, 200, { status: 'ok' });
    case '/readyz': {
      const readiness = await options.readiness();
      return jsonResponse(response, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not ready',
        checks: readiness.checks,
      });
    }
    case '/verify':
      return serveVerifyPage(request.method, options.verifyPageFile, response);
    case '/metrics': {
      const body = await options.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
      return void response.end(body);
    }
    default:
      return jsonResponse(response, 404, { error: 'not found' });
  }
}
