import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS_DIR_MODE, SIGNING_KEY_FILE_MODE, SIGNING_KEY_FILE_NAME } from '../../../ledger/keys/index.js';
import { spawnMirServe } from '../../cli/testing/mirProcess.js';
import type { MirServeProcess } from '../../cli/testing/mirProcess.js';

/** The gauge a node sets to 1 while it signs checkpoints (holds the checkpoint lease), 0 otherwise. */
export const HOLDER_GAUGE = 'mir_checkpoint_signer';

/**
 * One `mir serve --store <url>` node of a test cluster, as a real child process on port 0. `start()` (again after
 * `kill9()`) starts a new incarnation on the same data directory; `url` is that incarnation's origin while it is
 * up, undefined while it is down.
 */
export class ClusterNode {
  readonly name: string;
  readonly dataDir: string;
  readonly #storeUrl: string;
  readonly #env: NodeJS.ProcessEnv;
  #process: MirServeProcess | undefined;
  #url: string | undefined;
  /** How many incarnations have been started. */
  incarnations = 0;

  constructor(name: string, dataDir: string, storeUrl: string, env: NodeJS.ProcessEnv = {}) {
    this.name = name;
    this.dataDir = dataDir;
    this.#storeUrl = storeUrl;
    this.#env = env;
  }

  get url(): string | undefined {
    return this.#url;
  }

  /** Starts an incarnation and resolves once it logged `MIR ready`, with its origin (`http://127.0.0.1:port`). */
  async start(): Promise<string> {
    const serve = spawnMirServe(this.dataDir, 0, ['--store', this.#storeUrl], this.#env);
    this.#process = serve;
    this.incarnations++;
    await serve.ready();
    this.#url = readyUrl(serve.output());
    return this.#url;
  }

  /** SIGKILL: no drain, no last checkpoint, the lease left to expire. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    const serve = this.#process;
    this.#url = undefined;
    if (serve === undefined || serve.child.exitCode !== null || serve.child.signalCode !== null) return;
    serve.child.kill('SIGKILL');
    await serve.exited;
  }

  /** SIGTERM (graceful stop); resolves with the exit code. */
  async stop(): Promise<number | null> {
    const serve = this.#process;
    this.#url = undefined;
    if (serve === undefined || serve.child.exitCode !== null || serve.child.signalCode !== null) return null;
    serve.child.kill('SIGTERM');
    return serve.exited;
  }

  /** Output of the current incarnation, for failure messages. */
  output(): string {
    return this.#process?.output() ?? '';
  }

  /** Whether this node's /metrics says it holds the checkpoint lease; false while it is down or unreachable. */
  async holdsLease(): Promise<boolean> {
    const url = this.#url;
    if (url === undefined) return false;
    try {
      const text = await (await fetch(`${url}/metrics`)).text();
      return new RegExp(`^${HOLDER_GAUGE}(\\{[^}]*\\})? 1$`, 'm').test(text);
    } catch {
      return false;
    }
  }
}

/** The origin the `MIR ready` log line names (`"url":"http://127.0.0.1:port/graphql"`). */
function readyUrl(output: string): string {
  const line = output.split('\n').find((text) => text.includes('"MIR ready"'));
  const url = line === undefined ? undefined : (JSON.parse(line) as { url?: string }).url;
  if (url === undefined) throw new Error(`no URL in the MIR ready line:\n${output}`);
  return url.replace(/\/graphql$/, '');
}

/**
 * Prepares `dataDir` to join the cluster whose first node runs on `firstDataDir`: the same checkpoint signing key
 * (keys dir 0700, key file 0600, as the key loader demands), so that whichever node holds the lease signs under
 * the one key the ledger's key chain names.
 */
export function shareSigningKey(firstDataDir: string, dataDir: string): void {
  const keysDir = join(dataDir, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: KEYS_DIR_MODE });
  const target = join(keysDir, SIGNING_KEY_FILE_NAME);
  copyFileSync(join(firstDataDir, 'keys', SIGNING_KEY_FILE_NAME), target);
  // The copy's mode follows the umask: set both explicitly, as the loader refuses anything wider.
  chmodSync(keysDir, KEYS_DIR_MODE);
  chmodSync(target, SIGNING_KEY_FILE_MODE);
}
