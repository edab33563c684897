import type { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ExecutionProviderName } from './executionProviders.js';
import { openSession } from './openSession.js';
import type { ProviderPrecheck, SessionFactory } from './openSession.js';
import type { WorkerConfig } from './workerProtocol.js';

const session = {} as InferenceSession;
const bytes = new Uint8Array([1, 2, 3]);

function config(...executionProviders: ExecutionProviderName[]): WorkerConfig {
  return { executionProviders, intraOpThreads: 1, maxOutputElements: 10 };
}

/** ONNX Runtime as a fake: providers in `refusing` throw that message; the others open. */
function runtime(refusing: Record<string, string> = {}): { create: SessionFactory; asked: string[] } {
  const asked: string[] = [];
  const create: SessionFactory = (_bytes, options) => {
    const provider = options.executionProviders?.[0] as string;
    asked.push(provider);
    const refusal = refusing[provider];
    return refusal === undefined ? Promise.resolve(session) : Promise.reject(new Error(refusal));
  };
  return { create, asked };
}

const everythingInstalled: ProviderPrecheck = () => null;

describe('openSession', () => {
  it('uses the first provider that opens, with no fallback reason', async () => {
    const { create, asked } = runtime();

    await expect(openSession(bytes, config('cuda', 'cpu'), create, everythingInstalled)).resolves.toEqual({
      session,
      executionProvider: 'cuda',
      fallbackReason: null,
    });
    expect(asked).toEqual(['cuda']);
  });

  it('skips a provider whose libraries are missing without asking ONNX Runtime', async () => {
    const { create, asked } = runtime();
    const noCuda: ProviderPrecheck = (provider) => (provider === 'cuda' ? 'libcuda missing' : null);

    await expect(openSession(bytes, config('cuda', 'cpu'), create, noCuda)).resolves.toMatchObject({
      executionProvider: 'cpu',
      fallbackReason: 'cuda: libcuda missing',
    });
    expect(asked).toEqual(['cpu']);
  });

  it('keeps the first line of each refusal as the reason, joined on one line', async () => {
    const { create } = runtime({ webgpu: 'no adapter\n  at stack frame', tensorrt: 'no plugin' });

    await expect(
      openSession(bytes, config('webgpu', 'tensorrt', 'cpu'), create, everythingInstalled),
    ).resolves.toMatchObject({
      executionProvider: 'cpu',
      fallbackReason: 'webgpu: no adapter; tensorrt: no plugin',
    });
  });

  it('fails with ENGINE_FAILED and every reason when no provider opens the model', async () => {
    const { create } = runtime({ cpu: 'protobuf parsing failed' });

    await expect(openSession(bytes, config('cpu'), create, everythingInstalled)).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      details: { reasons: ['cpu: protobuf parsing failed'] },
    });
  });
});
