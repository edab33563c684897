import { describe, expect, it } from 'vitest';
import { detectCudaSupport } from './cudaDetection.js';
import type { GpuProbe } from './cudaDetection.js';
import { missingProviderLibraries, providerLibraryNames } from './cudaProviderLibraries.js';

const BINDING = '/opt/mir/node_modules/onnxruntime-node/bin/napi-v6/linux/x64';
const CUDA_LIBRARIES = [
  `${BINDING}/libonnxruntime_providers_shared.so`,
  `${BINDING}/libonnxruntime_providers_cuda.so`,
];

/** A machine with these files and, optionally, an nvidia-smi that lists a GPU. */
function machine(files: readonly string[], options: { smi?: boolean; platform?: string } = {}): GpuProbe {
  return {
    platform: options.platform ?? 'linux',
    pathExists: (path) => files.includes(path),
    nvidiaSmiListsGpu: () => options.smi ?? false,
    bindingDirectory: BINDING,
  };
}

describe('detectCudaSupport', () => {
  it('finds CUDA usable with a GPU device and the provider libraries', () => {
    expect(detectCudaSupport(machine(['/dev/nvidia0', ...CUDA_LIBRARIES]))).toEqual({ available: true });
  });

  it('accepts a GPU that only nvidia-smi reports (no /dev/nvidia0, e.g. inside some containers)', () => {
    expect(detectCudaSupport(machine(CUDA_LIBRARIES, { smi: true }))).toEqual({ available: true });
  });

  it('skips without a GPU', () => {
    expect(detectCudaSupport(machine(CUDA_LIBRARIES))).toEqual({
      available: false,
      reason: 'no NVIDIA GPU: /dev/nvidia0 is absent and nvidia-smi lists none',
    });
  });

  it('skips when onnxruntime-node was installed without its CUDA provider, naming what is missing', () => {
    const support = detectCudaSupport(machine(['/dev/nvidia0', CUDA_LIBRARIES[0]!]));

    expect(support).toEqual({
      available: false,
      reason: expect.stringMatching(
        /^ONNX Runtime's CUDA provider is missing: libonnxruntime_providers_cuda\.so not installed in \/opt\/mir/,
      ) as unknown,
    });
  });

  it('skips off Linux', () => {
    expect(detectCudaSupport(machine([], { platform: 'darwin', smi: true }))).toMatchObject({
      available: false,
      reason: 'the CUDA check runs on Linux only, not darwin',
    });
  });
});

describe('missingProviderLibraries', () => {
  it('names every missing library of a provider, in one line', () => {
    const reason = missingProviderLibraries('tensorrt', BINDING, 'linux', () => false);

    expect(reason).toBe(
      `libonnxruntime_providers_shared.so, libonnxruntime_providers_tensorrt.so not installed in ${BINDING}` +
        ' (install onnxruntime-node with --onnxruntime-node-install=cuda12)',
    );
  });

  it('knows the Windows library names and that macOS has no CUDA provider', () => {
    expect(providerLibraryNames('cuda', 'win32')).toEqual([
      'onnxruntime_providers_shared.dll',
      'onnxruntime_providers_cuda.dll',
    ]);
    expect(missingProviderLibraries('cuda', BINDING, 'darwin', () => true)).toBe(
      'onnxruntime-node has no cuda provider for darwin',
    );
  });
});
