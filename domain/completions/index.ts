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
export {
  COMPLETION_KINDS,
  COMPLETION_EVENT_TYPES,
  COMPLETION_OUTCOME_TYPES,
  COMPLETION_DENIAL_REASONS,
} from './completionEvents.js';
export type {
  CompletionKind,
  CompletionPolicyRecord,
  RoutingStep,
  CompletionRouting,
  CompletionRequestedData,
  CompletionAnswer,
  CompletionCompletedData,
  CompletionWithheldData,
  CompletionFailedData,
  CompletionDenialReason,
  CompletionDeniedData,
  CompletionEvent,
} from './completionEvents.js';
export { CompletionService } from './completionService.js';
export type { CompletionServiceDependencies } from './completionService.js';
export type { CompletionDelta } from './completionCall.js';
export type { CompletionResult } from './completionResult.js';
export type { RequestCompletionCommand, RequestEmbeddingsCommand } from './completionRequest.js';
export { COMPLETION_LIMITS } from './completionRequest.js';
export { decideCompletion, sentParameters, completionRefusalBeforePolicy } from './completionDecider.js';
export { decideResumedCompletion } from './completionApproval.js';
export { completionPolicyRequest, completionPolicyTool, chatRiskText } from './completionPolicy.js';
