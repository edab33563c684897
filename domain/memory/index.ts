export {
  MEMORY_TYPES,
  MEMORY_SCOPES,
  MEMORY_STATUSES,
  MEMORY_EVENT_TYPES,
  RUN_MEMORY_EVENT_TYPES,
  MEMORY_STREAM_PREFIX,
  memoryStream,
} from './memoryEvents.js';
export type {
  MemoryType,
  MemoryScope,
  MemoryStatus,
  ReviewDecision,
  EmbeddingModel,
  MemoryEmbedding,
  MemoryProposedData,
  MemoryReviewedData,
  MemoryReviewRefusedData,
  MemoryRetractedData,
  MemoryAppliedData,
  MemoryApplyRefusedData,
  MemoryEvent,
  RunMemoryEvent,
} from './memoryEvents.js';
export { MemoryError, isMemoryError, MEMORY_ERROR_CODES } from './memoryErrors.js';
export type { MemoryErrorCode } from './memoryErrors.js';
export type { TextEmbedder, TextEmbeddings, ContentDigester, SourceEvents } from './memoryPorts.js';
export type {
  ProposeMemory,
  ReviewMemory,
  RetractMemory,
  ApplyMemory,
  MemoryContext,
} from './memoryCommands.js';
export { evolveMemory, initialMemoryState, isExpired } from './memoryState.js';
export type { MemoryState, MemoryHistoryEvent } from './memoryState.js';
export {
  MAX_MEMORY_CONTENT_BYTES,
  checkProposal,
  checkProvenanceFound,
  decidePropose,
  decideReview,
  decideRetract,
  decideApply,
} from './memoryDecider.js';
export type { MemoryDecision, ProposalFacts, RunFacts } from './memoryDecider.js';
export { foldMemory } from './memoryHistory.js';
export { MemoryService } from './memoryService.js';
export type { MemoryServiceDependencies, MemoryOrigin, MemoryCommandResult } from './memoryService.js';
