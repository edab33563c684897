export { MCP_ERROR_CODES, McpError, isMcpError } from './mcpErrors.js';
export type { McpErrorCode } from './mcpErrors.js';
export { MCP_EVENT_TYPES, MCP_STREAM_PREFIX, mcpServerStream, evolveMcpServer } from './mcpEvents.js';
export type {
  McpImportedTool,
  McpServer,
  McpServerEvent,
  McpServerRegisteredData,
  McpToolChange,
  McpToolDefinition,
  McpToolsChangedData,
  McpTransport,
} from './mcpEvents.js';
export { DEFAULT_MCP_TIMEOUT_MS, MCP_SERVER_NAME, normalizeMcpRegistration } from './mcpRegistration.js';
export type { McpServerRegistration, NormalizedMcpRegistration } from './mcpRegistration.js';
export { normalizeMcpSchema } from './mcpSchema.js';
export {
  CALL_TOOL_RESULT_SCHEMA,
  mcpToolDigest,
  mcpToolListDigest,
  mcpToolSegment,
  mcpToolVersion,
  planMcpImport,
} from './mcpToolImport.js';
export type { McpImportPlan } from './mcpToolImport.js';
export {
  decideMcpRegistration,
  decideToolsObserved,
  foldMcpServer,
  staleToolReason,
} from './mcpServerDecider.js';
export type { McpConnector, McpEndpoint } from './mcpConnector.js';
export { McpServerService } from './mcpServerService.js';
export type { McpRegistrationResult, McpServerServiceDependencies } from './mcpServerService.js';
