export { OrtInferenceEngine } from './ortInferenceEngine.js';
export { ENGINE_DEFAULTS } from './engineOptions.js';
export type { OrtInferenceEngineOptions } from './engineOptions.js';
export {
  DEFAULT_EXECUTION_PROVIDERS,
  ExecutionProviderConfigError,
  KNOWN_EXECUTION_PROVIDERS,
  normaliseExecutionProviders,
  parseExecutionProviders,
} from './executionProviders.js';
export type { ExecutionProviderName } from './executionProviders.js';
