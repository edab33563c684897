export {
  ENGINE_KINDS,
  ENGINE_LOCALITIES,
  ENGINE_STREAM_PREFIX,
  engineStream,
  toRegisteredEngine,
} from './engineEvents.js';
export type {
  EngineKind,
  EngineLocality,
  EngineRegisteredData,
  EngineEvent,
  RegisteredEngine,
} from './engineEvents.js';
export { ENGINE_ERROR_CODES, EngineError, isEngineError } from './engineErrors.js';
export type { EngineErrorCode } from './engineErrors.js';
export { normalizeEngineRegistration, engineHost, ENGINE_LIMITS } from './engineDefinition.js';
export type { EngineRegistration } from './engineDefinition.js';
export { decideEngineRegistration } from './engineDecider.js';
export type { EngineRegistrationDecision } from './engineDecider.js';
export { EngineRegistry } from './engineRegistry.js';
export type {
  EngineCatalog,
  EngineRegistrationResult,
  EngineRegistryDependencies,
  SecretFileCheck,
} from './engineRegistry.js';
