export { McpClientPool } from './mcpClientPool.js';
export type { McpClientPoolOptions } from './mcpClientPool.js';
export { createMcpToolExecutor, MCP_ERROR_TEXT_CHARS } from './mcpToolExecutor.js';
export type { McpToolExecutorDependencies } from './mcpToolExecutor.js';
export { openMcpTransport } from './mcpTransportFactory.js';
