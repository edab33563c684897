export { RollbackService } from './rollbackService.js';
export type { RollbackServiceDependencies } from './rollbackService.js';
export type { RollbackResult, CompensatedCall } from './rollbackResult.js';
export type { RollbackRunCommand } from './rollbackDecider.js';
export { RollbackError, isRollbackError, ROLLBACK_ERROR_CODES } from './rollbackErrors.js';
export type { RollbackErrorCode } from './rollbackErrors.js';
export { ROLLBACK_EVENT_TYPES } from './rollbackEvents.js';
export type {
  RollbackPoint,
  RollbackPlan,
  RollbackStartedData,
  RunRolledBackData,
  RunRollbackFailedData,
  CompensationProblem,
  LeftBehindCall,
  PlannedUnapply,
} from './rollbackEvents.js';
