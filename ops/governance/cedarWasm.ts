// First: V8 must not inline calls into cedar-wasm (see v8WasmGuard.ts), before any instance exists.
import './v8WasmGuard.js';
import { createRequire } from 'node:module';
import type * as CedarWasmModule from '@cedar-policy/cedar-wasm/nodejs';

/** The functions of one cedar-wasm instance. */
export type CedarWasm = typeof CedarWasmModule;

const CEDAR_WASM = '@cedar-policy/cedar-wasm/nodejs';

/**
 * Loads a fresh, independent instance of cedar-wasm: its own Wasm memory, stack pointer and preparsed caches.
 *
 * The package's Node build instantiates its Wasm module when its CommonJS file is evaluated and keeps that one
 * instance in module scope, so every importer shares it; a trap inside it (a deep expression overflowing Rust's
 * stack: "memory access out of bounds") leaves its stack pointer corrupt and every later call failing. Evaluating
 * the file again, outside the require cache, yields a new instance; the cache is left exactly as found, so other
 * importers keep theirs. Costs one Wasm compilation (tens of milliseconds): for recovery, not per call.
 */
export function loadCedarWasm(): CedarWasm {
  const require = createRequire(import.meta.url);
  const path = require.resolve(CEDAR_WASM);
  const cached = require.cache[path];
  delete require.cache[path];
  try {
    return require(path) as CedarWasm;
  } finally {
    if (cached === undefined) delete require.cache[path];
    else require.cache[path] = cached;
  }
}
