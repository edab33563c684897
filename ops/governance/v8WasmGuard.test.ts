import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The guard against V8's deoptimiser abort with Wasm calls that return JS objects (see v8WasmGuard.ts), in
// child processes: the abort kills a process, so it cannot be shown inside this one.

const repro = join(import.meta.dirname, 'testing/wasmDeoptRepro.cjs');
const runRepro = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--allow-natives-syntax', repro, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('V8 Wasm deopt guard', () => {
  it('given the guard loaded, when optimised code calling a Wasm export is thrown away mid-call, then the process survives', () => {
    const guarded = runRepro('--guard');
    expect(guarded.stderr).not.toMatch(/Fatal error/);
    expect(guarded.stdout).toContain('survived: now a string2');
    expect(guarded.status).toBe(0);
  });

  it.runIf(nodeMajor < 24)(
    'given no guard on this V8, then the same code aborts the process (what the guard is for)',
    () => {
      const bare = runRepro();
      expect(bare.stderr).toMatch(/unreachable code/);
      expect(bare.status).not.toBe(0);
    },
  );

  it('given the policy evaluator is loaded, then the guard is on in that process', () => {
    const loaded = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--allow-natives-syntax',
        '-e',
        `import('${join(import.meta.dirname, 'cedarPolicyEvaluator.ts')}').then(() => require('${repro}'))`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(loaded.stdout).toContain('survived: now a string2');
    expect(loaded.status).toBe(0);
  });
});
