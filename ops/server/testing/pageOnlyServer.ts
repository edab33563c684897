import type { Server } from 'node:http';
import { createHttpServer } from '../httpServer.js';
import { jsonResponse } from '../jsonResponse.js';
import { createServerMetrics } from '../serverMetrics.js';
import type { ServerMetrics } from '../serverMetrics.js';

/**
 * MIR's real HTTP server with everything but `/verify` and `/console` idle: /graphql answers 404 rather than composing the whole
 * API, metrics and readiness report an empty ledger. For tests of the page routes.
 */
export function pageOnlyServer(verifyPageFile: string, consoleDir: string | null = null): Server {
  return createHttpServer({
    graphql: (_request, response) => jsonResponse(response, 404, { error: 'no api in this test' }),
    metrics: idleMetrics(),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    verifyPageFile,
    consoleDir,
  });
}

/** Server metrics over nothing: an empty ledger, no appends, no lag (for servers tests compose partly). */
export function idleMetrics(): ServerMetrics {
  return createServerMetrics({
    commitStats: () => ({ appends: 0, events: 0, batches: 0 }),
    headPosition: () => Promise.resolve(null),
    projectionLag: () => Promise.resolve(0),
    store: { kind: 'sqlite', location: 'none' },
    signsCheckpoints: () => false,
  });
}
