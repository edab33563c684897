import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import * as ort from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineModel, NamedTensor } from '../../domain/index.js';
import { missingProviderLibraries } from '../gpu/cudaProviderLibraries.js';
import { OrtInferenceEngine } from './ortInferenceEngine.js';
import type { OrtInferenceEngineOptions } from './engineOptions.js';
import { mixedTypesModel, modelDirectory, slowInputs, slowModel } from './testing/testModels.js';
import type { ModelDirectory } from './testing/testModels.js';

const inputs: NamedTensor[] = [
  { name: 'x', type: 'float32', dims: [2, 3], data: [1, 2, 3, -1, -0.5, 0.25] },
  { name: 'ids', type: 'int64', dims: [2], data: [7, 9_007_199_254_740_990] },
];

/** Rows of slow-model work that take a few hundred milliseconds on one thread: long enough to time out. */
const SLOW_ROWS = 2048;

let models: ModelDirectory;
let mixed: EngineModel;
let slow: EngineModel;
const engines: OrtInferenceEngine[] = [];

function engine(options: OrtInferenceEngineOptions = {}): OrtInferenceEngine {
  const created = new OrtInferenceEngine({ executionProviders: ['cpu'], ...options });
  engines.push(created);
  return created;
}

/** A fresh copy of the mixed model in its own file, for tests that tamper with the file. */
async function ownMixedModel(name: string): Promise<EngineModel> {
  return models.add(name, mixedTypesModel());
}

beforeAll(async () => {
  models = await modelDirectory();
  mixed = await models.add('mixed', mixedTypesModel());
  slow = await models.add('slow', slowModel());
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((created) => created.close()));
});

afterAll(() => models.dispose());

describe('OrtInferenceEngine', () => {
  it('returns what a direct in-process session.run returns for the same model and inputs', async () => {
    const session = await ort.InferenceSession.create(mixedTypesModel());
    const direct = await session.run({
      x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, -1, -0.5, 0.25]), [2, 3]),
      ids: new ort.Tensor('int64', BigInt64Array.from([7n, 9_007_199_254_740_990n]), [2]),
    });
    await session.release();

    const result = await engine().run({ model: mixed, inputs });

    expect(result.outputs).toEqual([
      { name: 'y', type: 'float32', dims: [2, 2], data: Array.from(direct.y!.data as Float32Array) },
      {
        name: 'positive',
        type: 'bool',
        dims: [2, 2],
        data: Array.from(direct.positive!.data as Uint8Array, (byte) => byte === 1),
      },
      { name: 'nextIds', type: 'int64', dims: [2], data: [8, 9_007_199_254_740_991] },
    ]);
    expect(result).toMatchObject({
      executionProvider: 'cpu',
      runtime: 'onnxruntime-node',
      runtimeVersion: ort.env.versions.node,
    });
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('load opens the session in every worker: later runs never reread the file', async () => {
    const model = await ownMixedModel('warmed');
    const pool = engine({ workers: 2 });

    await expect(pool.load(model)).resolves.toEqual({ executionProvider: 'cpu', fallbackReason: null });
    await writeFile(model.location, 'tampered after load');
    const results = await Promise.all(Array.from({ length: 6 }, () => pool.run({ model, inputs })));

    expect(results.map((result) => result.executionProvider)).toEqual(Array(6).fill('cpu'));
  });

  it('refuses a model file whose bytes no longer hash to the registered SHA-256', async () => {
    const model = await ownMixedModel('tampered');
    const tampered = Buffer.concat([mixedTypesModel(), Buffer.from([0])]);
    await writeFile(model.location, tampered);
    const violation = {
      code: 'MODEL_INTEGRITY_VIOLATION',
      details: {
        expectedSha256: model.sha256,
        actualSha256: createHash('sha256').update(tampered).digest('hex'),
        actualSize: tampered.length,
      },
    };
    const pool = engine();

    await expect(pool.load(model)).rejects.toMatchObject(violation);
    await expect(pool.run({ model, inputs })).rejects.toMatchObject(violation);
  });

  it('refuses a model whose file is missing', async () => {
    const missing = { ...mixed, location: `${mixed.location}.gone` };

    await expect(engine().run({ model: missing, inputs })).rejects.toMatchObject({
      code: 'MODEL_INTEGRITY_VIOLATION',
      details: { expectedSha256: mixed.sha256, actualSha256: null, actualSize: null },
    });
  });

  it('unload drops the sessions: the next run verifies the file again', async () => {
    const model = await ownMixedModel('unloaded');
    const pool = engine({ workers: 2 });
    await pool.load(model);

    await pool.unload(model.sha256);
    await writeFile(model.location, 'tampered after unload');

    await expect(pool.run({ model, inputs })).rejects.toMatchObject({ code: 'MODEL_INTEGRITY_VIOLATION' });
  });

  it('reports a runtime refusal as ENGINE_FAILED, keeping its message', async () => {
    const wrongName: NamedTensor[] = [{ ...inputs[0]!, name: 'nope' }, inputs[1]!];

    const failure = await engine()
      .run({ model: mixed, inputs: wrongName })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ code: 'ENGINE_FAILED' });
    expect((failure as Error).message).toMatch(/^onnxruntime: input 'x' is missing/);
  });

  it('refuses outputs larger than maxOutputElements', async () => {
    await expect(engine({ maxOutputElements: 9 }).run({ model: mixed, inputs })).rejects.toMatchObject({
      code: 'OUTPUT_TOO_LARGE',
      details: { elements: 10, limit: 9 },
    });
  });

  it('refuses at once with OVERLOADED when the queue is full, and serves again afterwards', async () => {
    const pool = engine({ workers: 1, maxQueue: 1 });
    await pool.load(slow);
    const running = pool.run({ model: slow, inputs: slowInputs(SLOW_ROWS), timeoutMs: 100 }).catch(codeOf);
    const queued = pool.run({ model: slow, inputs: slowInputs(1) });

    expect(pool.stats()).toEqual({ workers: 1, running: 1, queued: 1, queueLimit: 1 });
    await expect(pool.run({ model: slow, inputs: slowInputs(1) })).rejects.toMatchObject({
      code: 'OVERLOADED',
      details: { queued: 1, limit: 1 },
    });
    expect(await running).toBe('INFERENCE_TIMEOUT');
    await expect(queued).resolves.toMatchObject({ executionProvider: 'cpu' });
    await expect(pool.run({ model: mixed, inputs })).resolves.toMatchObject({ executionProvider: 'cpu' });
  });

  it('times out a running inference at once, replaces its worker once ONNX Runtime returns, and serves on', async () => {
    const pool = engine({ workers: 1 });
    await pool.load(slow);
    const [before] = pool.workerThreads().map((thread) => thread.threadId);

    await expect(
      pool.run({ model: slow, inputs: slowInputs(SLOW_ROWS), timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'INFERENCE_TIMEOUT',
      details: { timeoutMs: 50, started: true },
    });

    await expect(pool.run({ model: slow, inputs: slowInputs(1) })).resolves.toMatchObject({
      outputs: [{ name: 'y', dims: [] }],
    });
    expect(pool.workerThreads().map((thread) => thread.threadId)).not.toContain(before);
  });

  it('times out a queued inference without touching the busy worker', async () => {
    const pool = engine({ workers: 1 });
    await pool.load(slow);
    const [before] = pool.workerThreads().map((thread) => thread.threadId);
    const running = pool.run({ model: slow, inputs: slowInputs(SLOW_ROWS) });

    await expect(pool.run({ model: slow, inputs: slowInputs(1), timeoutMs: 20 })).rejects.toMatchObject({
      code: 'INFERENCE_TIMEOUT',
      details: { timeoutMs: 20, started: false },
    });

    await expect(running).resolves.toMatchObject({ executionProvider: 'cpu' });
    expect(pool.workerThreads().map((thread) => thread.threadId)).toEqual([before]);
  });

  it.skipIf(process.platform === 'win32')(
    'reports WORKER_CRASHED when the worker dies mid-task, and its replacement serves (re-verifying models)',
    async () => {
      // The worker blocks opening a FIFO as its model file: mid-task but in JavaScript, where terminating a
      // worker is safe (inside ONNX Runtime it is not: see taskControl).
      const fifo = join(models.path, 'blocking.onnx');
      execFileSync('mkfifo', [fifo]);
      const model = await ownMixedModel('before-crash');
      const pool = engine({ workers: 1 });
      await pool.load(model);
      const [worker] = pool.workerThreads();
      const stuck = pool.run({ model: { ...mixed, sha256: 'f'.repeat(64), location: fifo }, inputs });
      await delay(50);

      const exited = worker!.terminate();
      unblockFifo(fifo);

      await expect(stuck).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
      await exited;
      await writeFile(model.location, 'tampered after the crash');
      await expect(pool.run({ model, inputs })).rejects.toMatchObject({ code: 'MODEL_INTEGRITY_VIOLATION' });
      await expect(pool.run({ model: mixed, inputs })).resolves.toMatchObject({ executionProvider: 'cpu' });
    },
  );

  it.skipIf(missingProviderLibraries('cuda') === null)(
    'falls back to CPU where CUDA is listed but not installed, and says why',
    async () => {
      const loaded = await engine({ executionProviders: ['cuda', 'cpu'] }).load(mixed);

      expect(loaded.executionProvider).toBe('cpu');
      expect(loaded.fallbackReason).toMatch(/^cuda: .*libonnxruntime_providers_\w+\.so.* not installed/);
      expect(loaded.fallbackReason).not.toContain('\n');
    },
  );

  it('close() finishes accepted work, then refuses new work with ENGINE_CLOSED', async () => {
    const pool = engine({ workers: 1 });
    const accepted = pool.run({ model: mixed, inputs });

    const closed = pool.close();

    await expect(pool.run({ model: mixed, inputs })).rejects.toMatchObject({ code: 'ENGINE_CLOSED' });
    await expect(pool.load(mixed)).rejects.toMatchObject({ code: 'ENGINE_CLOSED' });
    await expect(accepted).resolves.toMatchObject({ executionProvider: 'cpu' });
    await closed;
    await expect(pool.close()).resolves.toBeUndefined();
    expect(pool.workerThreads()).toEqual([]);
  });
});

/** Opens the FIFO's write end and closes it, so a reader blocked opening it returns (with nothing to read). */
function unblockFifo(fifo: string): void {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader had opened it yet, so nothing is blocked.
  }
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? String(error);
}
