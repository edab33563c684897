export { AjvSchemaValidator } from './ajvSchemaValidator.js';
export type { AjvSchemaValidatorOptions } from './ajvSchemaValidator.js';
export { createRuntimeToolExecutor, handlerKey } from './runtimeToolExecutor.js';
export type { RuntimeToolContext, RuntimeToolHandler, RuntimeToolHandlers } from './runtimeToolExecutor.js';
export { SqliteKvStore, KV_LIMITS } from './sqliteKvStore.js';
export type { KvEntry } from './sqliteKvStore.js';
export {
  KV_TOOL_DEFINITIONS,
  KV_TOOL_VERSION,
  KV_WRITE_RATE_LIMIT,
  KV_WRITE_TOOL_VERSION,
  kvToolHandlers,
} from './kvTools.js';
export {
  performHttpRequest,
  hostAndPort,
  DEFAULT_HTTP_HEADERS,
  DEFAULT_MAX_RESPONSE_BYTES,
} from './httpTool.js';
export type { HttpToolConfig, HttpRequestArgs } from './httpTool.js';
export { HTTP_RATE_LIMIT, HTTP_TOOL_DEFINITIONS, HTTP_TOOL_VERSION, httpToolHandlers } from './httpTools.js';
export { createDispatchingToolExecutor } from './dispatchingToolExecutor.js';
export { runBounded } from './runtimeToolExecutor.js';
