/* global process, WebAssembly, console */
// The V8 abort the guard prevents, without MIR code: an optimised JS function calls a Wasm export whose result
// is an externref; during the call, JS changes a field's representation, so the caller's optimised code is
// thrown away while the Wasm frame is live. Unguarded V8 11.3 (Node 20) aborts with "unreachable code".
// Run with --allow-natives-syntax; with `--guard` the MIR guard module is loaded first.
const bytes = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  0x01,
  0x06,
  0x01,
  0x60,
  0x01,
  0x6f,
  0x01,
  0x6f, // type 0: (externref) -> externref
  0x02,
  0x08,
  0x01,
  0x01,
  0x6d,
  0x02,
  0x63,
  0x62,
  0x00,
  0x00, // import m.cb : type 0
  0x03,
  0x02,
  0x01,
  0x00, // func 1 : type 0
  0x07,
  0x05,
  0x01,
  0x01,
  0x66,
  0x00,
  0x01, // export "f" = func 1
  0x0a,
  0x08,
  0x01,
  0x06,
  0x00,
  0x20,
  0x00,
  0x10,
  0x00,
  0x0b, // f(x) = cb(x)
]);

async function main() {
  if (process.argv.includes('--guard')) await import('../v8WasmGuard.ts');
  let trigger = false;
  class Holder {
    constructor() {
      this.value = 1;
    }
  }
  const holder = new Holder();
  const cb = (v) => {
    if (trigger) holder.value = 'now a string';
    return v;
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { cb } });
  const caller = new Function('f', 'holder', 'arg', 'const r = f(arg); return holder.value + r.n;');
  const call = (arg) => caller(exports.f, holder, arg);
  for (let i = 0; i < 10; i++) call({ n: i });
  eval('%OptimizeFunctionOnNextCall(caller)');
  call({ n: 1 });
  trigger = true;
  console.log(`survived: ${call({ n: 2 })}`);
}

void main();
