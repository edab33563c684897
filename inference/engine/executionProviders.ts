/**
 * Execution providers MIR can ask onnxruntime-node for, by ONNX Runtime's own names. Which of them actually load
 * depends on the platform and the install: CPU always; CUDA and TensorRT on Linux/Windows with the provider
 * libraries installed; DirectML on Windows; CoreML on macOS; WebGPU where a GPU adapter exists.
 */
export const KNOWN_EXECUTION_PROVIDERS = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

export type ExecutionProviderName = (typeof KNOWN_EXECUTION_PROVIDERS)[number];

export const DEFAULT_EXECUTION_PROVIDERS: readonly ExecutionProviderName[] = ['cuda', 'cpu'];

export class ExecutionProviderConfigError extends Error {
  override readonly name = 'ExecutionProviderConfigError';
}

/**
 * Parses `MIR_EXECUTION_PROVIDERS` (comma-separated, in order of preference, case-insensitive); undefined or
 * blank gives the default `cuda,cpu`. See `normaliseExecutionProviders` for the rules.
 * Throws `ExecutionProviderConfigError` naming the unknown entry and the known ones.
 */
export function parseExecutionProviders(text: string | undefined): readonly ExecutionProviderName[] {
  if (text === undefined || text.trim() === '') return DEFAULT_EXECUTION_PROVIDERS;
  return normaliseExecutionProviders(text.split(','));
}

/**
 * Validates an ordered preference list: names are trimmed and lower-cased, duplicates dropped (first wins), and
 * `cpu` is appended when absent. CPU comes last always because it is the one provider that never fails to load:
 * a machine without the preferred accelerator keeps serving, and the fallback is reported
 * (`EngineLoadResult.fallbackReason`) rather than silent. Check `executionProvider` to insist on an accelerator.
 */
export function normaliseExecutionProviders(names: readonly string[]): readonly ExecutionProviderName[] {
  const result: ExecutionProviderName[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') throw new ExecutionProviderConfigError('empty execution provider name in the list');
    if (!isExecutionProviderName(name))
      throw new ExecutionProviderConfigError(
        `unknown execution provider "${raw.trim()}": use ${KNOWN_EXECUTION_PROVIDERS.join(', ')}`,
      );
    if (!result.includes(name)) result.push(name);
  }
  if (!result.includes('cpu')) result.push('cpu');
  return result;
}

function isExecutionProviderName(name: string): name is ExecutionProviderName {
  return (KNOWN_EXECUTION_PROVIDERS as readonly string[]).includes(name);
}
