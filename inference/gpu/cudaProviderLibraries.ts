import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Execution providers that ONNX Runtime loads from separate shared libraries next to its own. */
export type LibraryBackedProvider = 'cuda' | 'tensorrt';

/**
 * The directory holding onnxruntime-node's native binding and `libonnxruntime`. ONNX Runtime looks for its
 * provider libraries (`libonnxruntime_providers_*.so`) in this same directory, so this is where a CUDA-enabled
 * install puts them (`npm install onnxruntime-node --onnxruntime-node-install=cuda12`).
 */
export function onnxRuntimeBindingDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/**
 * The shared libraries `provider` needs on `platform`, by file name; null when ONNX Runtime ships no such
 * provider for that platform (CUDA and TensorRT exist for Linux and Windows only).
 */
export function providerLibraryNames(provider: LibraryBackedProvider, platform: string): string[] | null {
  if (platform === 'linux')
    return ['libonnxruntime_providers_shared.so', `libonnxruntime_providers_${provider}.so`];
  if (platform === 'win32')
    return ['onnxruntime_providers_shared.dll', `onnxruntime_providers_${provider}.dll`];
  return null;
}

/**
 * Why `provider` cannot load here, in one line, or null when its libraries are all present. A cheap file check:
 * asking ONNX Runtime instead works too, but logs an error line to stderr from every worker for every model.
 */
export function missingProviderLibraries(
  provider: LibraryBackedProvider,
  directory: string = onnxRuntimeBindingDirectory(),
  platform: string = process.platform,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const names = providerLibraryNames(provider, platform);
  if (names === null) return `onnxruntime-node has no ${provider} provider for ${platform}`;
  const missing = names.filter((name) => !exists(join(directory, name)));
  if (missing.length === 0) return null;
  return `${missing.join(', ')} not installed in ${directory} (install onnxruntime-node with --onnxruntime-node-install=cuda12)`;
}
