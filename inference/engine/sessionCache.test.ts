import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedSession } from './openSession.js';
import { SessionCache } from './sessionCache.js';
import type { WorkerConfig, WorkerModel } from './workerProtocol.js';

const config: WorkerConfig = { executionProviders: ['cpu'], intraOpThreads: 1, maxOutputElements: 10 };
const bytes = Buffer.from('model bytes as registered');
const sha256 = createHash('sha256').update(bytes).digest('hex');

let directory: string;
let model: WorkerModel;
let opened: Uint8Array[];
let released: number;

/** A cache whose sessions are fakes that record the bytes they were opened from. */
function cache(): SessionCache {
  return new SessionCache(config, (given) => {
    opened.push(given);
    const session = { release: () => Promise.resolve(void released++) } as unknown as InferenceSession;
    return Promise.resolve<OpenedSession>({ session, executionProvider: 'cpu', fallbackReason: null });
  });
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mir-session-cache-'));
  model = { sha256, location: join(directory, 'model.onnx') };
  await writeFile(model.location, bytes);
  opened = [];
  released = 0;
});

afterEach(() => rm(directory, { recursive: true, force: true }));

describe('SessionCache', () => {
  it('opens a session from the very bytes it hashed', async () => {
    await cache().get(model);

    expect(opened.map((given) => Buffer.from(given))).toEqual([await readFile(model.location)]);
  });

  it('never opens a session from bytes that do not match the hash', async () => {
    await writeFile(model.location, 'model bytes, altered');

    await expect(cache().get(model)).rejects.toMatchObject({
      code: 'MODEL_INTEGRITY_VIOLATION',
      details: { expectedSha256: sha256, actualSize: 20 },
    });
    expect(opened).toEqual([]);
  });

  it('serves a cached session without touching the file again', async () => {
    const sessions = cache();
    const first = await sessions.get(model);
    await unlink(model.location);

    await expect(sessions.get(model)).resolves.toBe(first);
    expect(sessions.cached(sha256.toUpperCase())).toBe(first);
    expect(opened).toHaveLength(1);
  });

  it('releases sessions on unload and releaseAll', async () => {
    const sessions = cache();
    await sessions.get(model);
    await sessions.unload(sha256);
    await sessions.unload(sha256);
    await sessions.get(model);
    await sessions.releaseAll();

    expect(released).toBe(2);
    expect(sessions.cached(sha256)).toBeUndefined();
  });
});
