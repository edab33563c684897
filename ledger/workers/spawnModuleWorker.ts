import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` next to `base` (pass `import.meta.url`). From built JavaScript
 * that is `<name>.js`; from TypeScript source (tests and benchmarks run through tsx) it is `<name>.ts` behind a
 * bootstrap that registers tsx first, because workers do not inherit the parent's module hooks.
 */
export function spawnModuleWorker(base: string, name: string, workerData: unknown): Worker {
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), { workerData });
  const source = new URL(`./${name}.ts`, base).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
