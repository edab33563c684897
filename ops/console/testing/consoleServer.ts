import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../domain/index.js';
import type { IssuedApiKey } from '../../access/apiKeyService.js';
import { graphqlOk } from '../../cli/testing/graphqlOverHttp.js';
import type { Data } from '../../cli/testing/graphqlOverHttp.js';
import { serverOnDataDir } from '../../cli/testing/serverOnDataDir.js';
import type { MirRuntime } from '../../runtime/mirRuntime.js';
import { buildConsole } from '../build/buildConsole.js';

/** A real MIR server serving a fresh console build, with one key per role in one tenant. */
export interface ConsoleServer {
  readonly runtime: MirRuntime;
  /** The server's origin, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** The console's page (`<url>/console/`); views are hash routes under it. */
  readonly consoleUrl: string;
  readonly keys: Readonly<Record<Role, IssuedApiKey>>;
  /** One GraphQL request over real HTTP with `role`'s key; throws with the errors when the answer has any. */
  graphql(role: Role, query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** Stops the server (cutting open subscriptions) and removes its data directory and the build. */
  close(): Promise<void>;
}

/**
 * Builds the console (Vite, ~3 s) into a new temp folder and starts a real MIR server on a fresh data directory
 * beside it, listening on 127.0.0.1 port 0 and serving that build at /console. Call once per test file.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mir-console-e2e-'));
  try {
    const consoleDir = join(dir, 'console');
    await buildConsole(consoleDir);
    const { runtime, admin, issue } = await serverOnDataDir(join(dir, 'data'), { consoleDir });
    const [app, reviewer, auditor] = await Promise.all([issue('app'), issue('reviewer'), issue('auditor')]);
    const keys = { admin, app, reviewer, auditor };
    return {
      runtime,
      url: runtime.url,
      consoleUrl: `${runtime.url}/console/`,
      keys,
      graphql: (role, query, variables = {}) => graphqlOk(runtime.url, keys[role].token, query, variables),
      close: async () => {
        // Open consoles and waiting clients hold subscriptions that never end by themselves: cut them.
        const closing = runtime.close();
        runtime.server.closeAllConnections();
        await closing;
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
