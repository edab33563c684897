/**
 * Child-process probe for mirRuntime.test.ts: tries `startMirRuntime` once per data directory given as
 * `dir:port` arguments, prints one JSON line per attempt (`{dir, outcome, code, lockFree}`), closes any runtime
 * that did start, and then simply returns. The process exits by itself only if every failed start closed
 * everything it had opened; otherwise the test sees it still running, and the active handles it printed.
 */
import { pino } from 'pino';
import { isMirError } from '../../../domain/index.js';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import { lockDataDir } from '../../dataDirLock.js';
import { startMirRuntime } from '../mirRuntime.js';

const quiet = pino({ level: 'silent' });

for (const argument of process.argv.slice(2)) {
  const separator = argument.lastIndexOf(':');
  const dir = argument.slice(0, separator);
  const port = argument.slice(separator + 1);
  const config = loadRuntimeConfig({ data: dir, port }, {});
  let outcome: { outcome: string; code: string | null };
  try {
    const runtime = await startMirRuntime(config, quiet);
    await runtime.close();
    outcome = { outcome: 'started', code: null };
  } catch (error) {
    outcome = { outcome: 'failed', code: isMirError(error) ? error.code : String((error as Error).message) };
  }
  let lockFree = true;
  try {
    lockDataDir(config.dataDir.root, 'probe')();
  } catch {
    lockFree = false;
  }
  process.stdout.write(`${JSON.stringify({ dir, ...outcome, lockFree })}\n`);
}
// Printed for whoever reads a failure: what still holds the event loop open after every attempt.
process.stderr.write(`active: ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
