import { PolicyError } from '../../domain/index.js';
import type { CedarWasm } from './cedarWasm.js';
import { loadCedarWasm } from './cedarWasm.js';

/**
 * The one cedar-wasm instance a policy evaluator uses, contained. Cedar answers every expected failure (a parse
 * error, an invalid request) as data, so a call that throws is the engine itself failing: a Wasm trap, a stack
 * overflow. Its instance may then be corrupt (its stack pointer is not restored), so it is discarded and a fresh
 * one loaded before the caller gets `POLICY_ENGINE_FAILED`: the next call, of any tenant, runs on a sound engine.
 * State kept inside an instance (preparsed sets and schemas) dies with it: callers key it by `generation`.
 */
export class CedarEngine {
  readonly #load: () => CedarWasm;
  #wasm: CedarWasm;
  #generation = 0;

  /** `load` gives a fresh, independent instance per call (default: `loadCedarWasm`). */
  constructor(load: () => CedarWasm = loadCedarWasm) {
    this.#load = load;
    this.#wasm = load();
  }

  /** Counts replacements: state prepared inside the engine under another generation is gone. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Runs `call` on the current instance. Throws `POLICY_ENGINE_FAILED` (details: `operation`, `engineError`, the
   * trap's message) after replacing the instance when `call` throws; a `PolicyError` thrown by `call` itself (a
   * verdict on the input) passes through untouched.
   */
  run<Result>(operation: string, call: (wasm: CedarWasm) => Result): Result {
    try {
      return call(this.#wasm);
    } catch (error) {
      if (error instanceof PolicyError) throw error;
      this.#replace();
      const engineError = error instanceof Error ? error.message : String(error);
      throw new PolicyError(
        'POLICY_ENGINE_FAILED',
        `the policy engine failed during ${operation} and was restarted: ${engineError}`,
        { operation, engineError },
        error,
      );
    }
  }

  #replace(): void {
    this.#wasm = this.#load();
    this.#generation++;
  }
}
