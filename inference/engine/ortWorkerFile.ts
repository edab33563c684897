import { fileURLToPath } from 'node:url';

/**
 * The file piscina loads in each worker. From built JavaScript that is `ortWorker.js` next to this module; from
 * TypeScript source (tests and tools run through vitest or tsx, where this module's URL ends in `.ts`) it is the
 * `ortWorkerFromSource.js` bootstrap, which registers tsx in the worker and then imports `ortWorker.ts`.
 * (Passing `--import tsx` in the workers' execArgv does not work: Node 20 does not apply it to worker threads.)
 */
export function ortWorkerFile(base: string = import.meta.url): string {
  const name = base.endsWith('.ts') ? 'ortWorkerFromSource.js' : 'ortWorker.js';
  return fileURLToPath(new URL(`./${name}`, base));
}
