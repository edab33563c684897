export { detectCudaSupport, systemGpuProbe } from './cudaDetection.js';
export type { CudaSupport, GpuProbe } from './cudaDetection.js';
export { missingProviderLibraries, onnxRuntimeBindingDirectory } from './cudaProviderLibraries.js';
