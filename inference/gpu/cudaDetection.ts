import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingProviderLibraries, onnxRuntimeBindingDirectory } from './cudaProviderLibraries.js';

/** What detection looks at, injectable so the decision can be tested on any machine. */
export interface GpuProbe {
  readonly platform: string;
  readonly pathExists: (path: string) => boolean;
  /** True when `nvidia-smi -L` runs and lists at least one GPU. */
  readonly nvidiaSmiListsGpu: () => boolean;
  /** Where onnxruntime-node keeps its native binding (and would keep its CUDA provider libraries). */
  readonly bindingDirectory: string;
}

export type CudaSupport =
  { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * Whether ONNX Runtime can run on an NVIDIA GPU here: Linux, a GPU device (`/dev/nvidia0`, or one listed by
 * `nvidia-smi`), and onnxruntime-node's CUDA provider libraries installed next to its binding. The reason, when
 * not, is one line naming the first thing missing.
 */
export function detectCudaSupport(probe: GpuProbe): CudaSupport {
  if (probe.platform !== 'linux')
    return { available: false, reason: `the CUDA check runs on Linux only, not ${probe.platform}` };
  if (!probe.pathExists('/dev/nvidia0') && !probe.nvidiaSmiListsGpu())
    return { available: false, reason: 'no NVIDIA GPU: /dev/nvidia0 is absent and nvidia-smi lists none' };
  const missing = missingProviderLibraries('cuda', probe.bindingDirectory, probe.platform, probe.pathExists);
  if (missing !== null)
    return { available: false, reason: `ONNX Runtime's CUDA provider is missing: ${missing}` };
  return { available: true };
}

/** The probe for this machine. */
export function systemGpuProbe(): GpuProbe {
  return {
    platform: process.platform,
    pathExists: existsSync,
    nvidiaSmiListsGpu,
    bindingDirectory: onnxRuntimeBindingDirectory(),
  };
}

function nvidiaSmiListsGpu(): boolean {
  try {
    const listing = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' });
    return /^GPU \d+:/m.test(listing);
  } catch {
    return false;
  }
}
