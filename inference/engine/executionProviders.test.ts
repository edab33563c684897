import { describe, expect, it } from 'vitest';
import { ExecutionProviderConfigError, parseExecutionProviders } from './executionProviders.js';

describe('parseExecutionProviders (MIR_EXECUTION_PROVIDERS)', () => {
  it('defaults to cuda then cpu when unset or blank', () => {
    expect(parseExecutionProviders(undefined)).toEqual(['cuda', 'cpu']);
    expect(parseExecutionProviders('  ')).toEqual(['cuda', 'cpu']);
  });

  it('keeps the order given, ignoring case, spaces and repeats', () => {
    expect(parseExecutionProviders(' TensorRT, cuda ,tensorrt,cpu')).toEqual(['tensorrt', 'cuda', 'cpu']);
  });

  it('appends cpu when absent, so a machine without the accelerator still serves', () => {
    expect(parseExecutionProviders('cuda')).toEqual(['cuda', 'cpu']);
    expect(parseExecutionProviders('cpu')).toEqual(['cpu']);
  });

  it('refuses unknown names, listing the known ones', () => {
    expect(() => parseExecutionProviders('cuda,rocm')).toThrow(ExecutionProviderConfigError);
    expect(() => parseExecutionProviders('cuda,rocm')).toThrow(
      'unknown execution provider "rocm": use cuda, tensorrt, dml, coreml, webgpu, cpu',
    );
    expect(() => parseExecutionProviders('cuda,,cpu')).toThrow('empty execution provider name');
  });
});
