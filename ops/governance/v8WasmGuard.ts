import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 from inlining JS→Wasm calls into optimised code. On V8 before 13.6 (Node 20 and 22; Node 24 is
 * fixed), when optimised code that inlined a call to a Wasm export returning a JS object (`externref`, as
 * wasm-bindgen glue such as cedar-wasm's `statefulIsAuthorized` does) is thrown away while that call runs, the
 * deoptimiser hits "unreachable code" and aborts the whole process (exit 133). MIR met it after a few thousand
 * policy decisions under load; `ops/governance/v8WasmGuard.test.ts` reproduces it without MIR code.
 *
 * The flag is read when V8 optimises a function, so setting it before policies get hot is enough; it applies to
 * the whole process. Measured cost on `npm run bench:policy`: none beyond noise.
 */
export const V8_WASM_GUARD_FLAG = '--no-turbo-inline-js-wasm-calls';

setFlagsFromString(V8_WASM_GUARD_FLAG);
