export type {
  EngineEndpoint,
  ChatRole,
  ChatToolCall,
  ChatMessage,
  ChatToolSpec,
  CompletionParameters,
  CompletionRequest,
  TokenUsage,
  CompletionResponse,
  EmbeddingRequest,
  EmbeddingResponse,
  CompletionEngine,
} from './completionEngine.js';
export { CHAT_ROLES } from './completionEngine.js';
export { COMPLETION_ERROR_CODES, CompletionError, isCompletionError } from './completionErrors.js';
export type { CompletionErrorCode } from './completionErrors.js';
