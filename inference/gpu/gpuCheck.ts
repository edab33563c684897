/**
 * `npm run test:gpu`: proves ONNX Runtime runs MIR's engine on CUDA where a GPU is present. Prints
 * `SKIPPED: <reason>` and exits 0 on machines without an NVIDIA GPU or without onnxruntime-node's CUDA provider;
 * otherwise runs one model through `OrtInferenceEngine` on CUDA and on CPU, requires that CUDA really ran and that
 * the outputs agree, prints PASS or FAIL with timings, and exits 1 on FAIL.
 */
import { systemGpuProbe } from './cudaDetection.js';
import { runGpuCheck } from './runGpuCheck.js';

runGpuCheck(systemGpuProbe(), (line) => console.log(line)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
