export type { JsonPrimitive, JsonValue, JsonObject } from './events/json.js';
export { LogFollower } from './events/logFollower.js';
export { ACTOR_KINDS } from './events/eventEnvelope.js';
export type { Actor, ActorKind, EventMeta, NewEvent, RecordedEvent } from './events/eventEnvelope.js';
export type { Clock } from './ports/clock.js';
export type { IdGenerator } from './ports/idGenerator.js';
export type { Timer } from './ports/timer.js';
export type {
  AppendResult,
  AppendedEvent,
  EncodedEvent,
  EventFilter,
  EventLog,
  EventSubscription,
  ExpectedRevision,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  SubscribeOptions,
} from './ports/eventLog.js';
export { MirError, isMirError, hasErrorCode } from './errors/mirError.js';
export {
  LedgerError,
  isLedgerError,
  isStorageError,
  wrongExpectedRevision,
  idempotencyConflict,
  STORAGE_ERROR_CODES,
  LEDGER_ERROR_CODES,
} from './errors/ledgerErrors.js';
export type { LedgerErrorCode } from './errors/ledgerErrors.js';
export { ROLES, isRole } from './access/roles.js';
export type { Role, Principal } from './access/roles.js';
export { API_KEY_STREAM_PREFIX, apiKeyStream, shownEventData } from './access/apiKeyEvents.js';
export type { ApiKeyIssuedData, ApiKeyRevokedData } from './access/apiKeyEvents.js';
export {
  RUN_BUDGET_LIMITS,
  RUN_ENDED_EVENTS,
  RUN_EVENT_TYPES,
  RUN_STREAM_PREFIX,
  runStream,
} from './runs/runEvents.js';
export type {
  RunBudget,
  RunBudgetLimit,
  RunEvent,
  RunEventType,
  RunStartedData,
  RunForkOrigin,
  StepRecordedData,
  RunCompletedData,
  RunFailedData,
  RunCancelledData,
  BudgetName,
  BudgetOverrun,
  BudgetExceeded,
} from './runs/runEvents.js';
export type { RunCommand, CommandContext } from './runs/runCommands.js';
export { RunError, isRunError, RUN_ERROR_CODES } from './runs/runErrors.js';
export type { RunErrorCode } from './runs/runErrors.js';
export { decideRun, evolveRun, initialRunState } from './runs/runDecider.js';
export { budgetExceededBy, wallTimeDeadline } from './runs/runBudget.js';
export type { RunState, RunStatus, RunHistoryEvent } from './runs/runDecider.js';
export { RunCommandService } from './runs/runCommandService.js';
export type { RunCommandResult } from './runs/runCommandService.js';
export { foldRun, toRunHistoryEvent } from './runs/runFold.js';
export { decideFork, forkPoint } from './runs/forkDecider.js';
export type { ForkRun, ForkPoint } from './runs/forkDecider.js';
export { runStateDigest, runStateDocument } from './runs/runStateDigest.js';
export { RunForkService } from './runs/runForkService.js';
export type { RunForkDeps, RunForkResult } from './runs/runForkService.js';
export { AccessError, isAccessError, ACCESS_ERROR_CODES } from './access/accessErrors.js';
export type { AccessErrorCode } from './access/accessErrors.js';
export { TENSOR_ELEMENT_TYPES, isTensorElementType, elementCount } from './inference/tensors.js';
export type {
  TensorElementType,
  TensorData,
  NamedTensor,
  DeclaredDimension,
  TensorSpec,
} from './inference/tensors.js';
export {
  MODEL_STREAM_PREFIX,
  MODEL_EVENT_TYPES,
  modelStream,
  toRegisteredModel,
} from './inference/modelEvents.js';
export {
  decideModelRegistration,
  registeredModelVersion,
  sameFileOrConflict,
} from './inference/modelRegistrationDecider.js';
export type { ModelRegistrationDecision } from './inference/modelRegistrationDecider.js';
export type {
  FeaturizerSpec,
  ModelSignature,
  ModelRegisteredData,
  ModelIntegrityViolatedData,
  ModelEvent,
  RegisteredModel,
} from './inference/modelEvents.js';
export { INFERENCE_EVENT_TYPES } from './inference/inferenceEvents.js';
export type {
  ModelReference,
  TensorShape,
  InferenceRequestedData,
  InferenceCompletedData,
  InferenceFailedData,
  InferenceEvent,
} from './inference/inferenceEvents.js';
export {
  InferenceError,
  isInferenceError,
  INFERENCE_ERROR_CODES,
  RECORDED_FAILURE_CODES,
} from './inference/inferenceErrors.js';
export type { InferenceErrorCode } from './inference/inferenceErrors.js';
export type {
  EngineModel,
  EngineRunRequest,
  EngineRunResult,
  EngineLoadResult,
  EngineStats,
  InferenceEngine,
  TensorDigester,
  Featurizer,
} from './inference/inferenceEngine.js';
export type { ModelCatalog } from './inference/modelCatalog.js';
export { validateInferenceInputs, DEFAULT_INPUT_LIMITS } from './inference/inputValidation.js';
export type { InputLimits } from './inference/inputValidation.js';
export { decideInferenceRequest } from './inference/inferenceDecider.js';
export { recordIntegrityViolation } from './inference/modelIntegrity.js';
export { InferenceService, DEFAULT_REQUEST_RECORD_WINDOW_MS } from './inference/inferenceService.js';
export type {
  RequestInferenceCommand,
  InferenceResult,
  InferenceServiceDependencies,
} from './inference/inferenceService.js';
export {
  TOOL_STREAM_PREFIX,
  TOOL_EVENT_TYPES,
  SIDE_EFFECTS,
  EXECUTION_MODES,
  toolStream,
} from './tools/toolEvents.js';
export type {
  SideEffect,
  ExecutionMode,
  CompensationArgSource,
  Compensation,
  RateLimit,
  ToolRegisteredData,
  ToolEvent,
  RegisteredTool,
} from './tools/toolEvents.js';
export {
  ToolError,
  isToolError,
  TOOL_ERROR_CODES,
  TOOL_EXECUTION_FAILURE_CODES,
} from './tools/toolErrors.js';
export type { ToolErrorCode } from './tools/toolErrors.js';
export type { SchemaValidator, SchemaValidation, SchemaViolation } from './tools/schemaValidator.js';
export type { ToolExecutor, ToolExecution, ToolExecutionContext } from './tools/toolExecutor.js';
export { normalizeToolRegistration, TOOL_NAME, TOOL_VERSION, TOOL_LIMITS } from './tools/toolDefinition.js';
export type { ToolRegistration } from './tools/toolDefinition.js';
export { decideToolRegistration } from './tools/toolDecider.js';
export type { ToolRegistrationDecision } from './tools/toolDecider.js';
export { resolveCompensation, selectPointer } from './tools/compensation.js';
export type { CompensatingCall } from './tools/compensation.js';
export { decideRateLimit } from './tools/rateLimiter.js';
export type { RateLimitDecision } from './tools/rateLimiter.js';
export { checkToolArgs, checkToolOutput } from './tools/toolArgs.js';
export { jsonEqual } from './tools/jsonEqual.js';
export { ToolRegistry } from './tools/toolRegistry.js';
export type {
  ToolCatalog,
  ToolRegistrationOrigin,
  ToolRegistrationResult,
  ToolRegistryDependencies,
} from './tools/toolRegistry.js';
export * from './policies/index.js';
export { TenantError, NO_KILL_SWITCH, TENANT_ERROR_CODES, haltedAttempt } from './tenants/killSwitchPort.js';
export type { HaltedAttempt, KillSwitch, TenantErrorCode } from './tenants/killSwitchPort.js';
export { TenantControlService } from './tenants/tenantControlService.js';
export { RefusalRecorder, DEFAULT_REFUSAL_WINDOW_MS } from './tenants/refusalRecorder.js';
export type { Refusal, RefusalCount, RefusalRecorderOptions } from './tenants/refusalRecorder.js';
export { accessRefusal } from './access/accessRefusal.js';
export type { AccessRefusalReason, AccessRefusedData } from './access/accessRefusal.js';
export { SYSTEM_TENANT, TENANT_NAME, TenantScopedNames, scopedStream } from './tenants/tenantScopedNames.js';
export type { ScopedEntry } from './tenants/tenantScopedNames.js';
export {
  TENANT_STREAM_PREFIX,
  TENANT_REFUSALS_PREFIX,
  TENANT_EVENT_TYPES,
  tenantStream,
  tenantRefusalStream,
  decideTenantControl,
  evolveTenantControl,
  initialTenantControlState,
} from './tenants/tenantEvents.js';
export type {
  TenantActionRefusedData,
  TenantControlState,
  TenantEvent,
  TenantHaltedData,
  TenantResumedData,
} from './tenants/tenantEvents.js';
export * from './memory/index.js';
export {
  TOOL_CALL_EVENT_TYPES,
  TOOL_CALL_DENIAL_REASONS,
  TOOL_RESULT_REFUSAL_REASONS,
} from './toolCalls/toolCallEvents.js';
export type {
  ToolCallTool,
  RiskModelReference,
  RiskScoring,
  ToolCallRequestedData,
  PolicyDecidedData,
  ToolCallDenialReason,
  ToolCallDeniedData,
  ToolCallCompletedData,
  ToolCallFailedData,
  ToolGrantIssuedData,
  ToolResultRefusalReason,
  ToolResultRefusedData,
  ToolCallEvent,
} from './toolCalls/toolCallEvents.js';
export type { Digester, RiskScore, RiskScorer, GovernedOrigin } from './toolCalls/ports.js';
export type {
  CallRecord,
  CallStatus,
  ApprovalRecord,
  ApprovalStatus,
  AppliedMemory,
  EventReference,
  InferenceRecord,
  InferenceOutcome,
} from './runs/runRecords.js';
export { VersionedMap } from './runs/versionedMap.js';
export { RunStreamWriter } from './runs/runStreamWriter.js';
export type { StreamWrite, RunWriteOptions } from './runs/runStreamWriter.js';
export { RunStreams } from './runs/runStreams.js';
export { CommandHandler, DEFAULT_MAX_ATTEMPTS } from './commands/commandHandler.js';
export type {
  Command,
  CommandDecision,
  CommandOutcome,
  Folded,
  KeyedCommand,
  StreamSource,
} from './commands/commandHandler.js';
export { keyedCommand, keyedEventIds, keyedId } from './commands/commandKeys.js';
export type { CommandOrigin } from './commands/commandOrigin.js';
export { envelopes } from './commands/eventEnvelopes.js';
export type { PlannedEvent } from './commands/eventEnvelopes.js';
export { readWholeStream, wholeStreamSource } from './commands/wholeStreamSource.js';
export { COMMAND_ERROR_CODES, CommandError, concurrencyExhausted } from './commands/commandErrors.js';
export type { CommandErrorCode } from './commands/commandErrors.js';
export type { ToolCallResult, ToolResultOutcome } from './toolCalls/toolCallResult.js';
export {
  ToolCallService,
  DEFAULT_APPROVAL_TTL_MS,
  DEFAULT_TOOL_GRANT_TTL_MS,
} from './toolCalls/toolCallService.js';
export type {
  InvokeToolCommand,
  RecordToolResultCommand,
  ToolPolicyGate,
  ToolCallServiceDependencies,
} from './toolCalls/toolCallService.js';
export { riskText } from './toolCalls/toolCallPolicy.js';
export { ACTIVE_RUN_STATUSES, workingStatus } from './runs/runDecider.js';
export { RUN_STATUSES } from './runs/runStatus.js';
export {
  APPROVAL_EVENT_TYPES,
  APPROVAL_REFUSAL_REASONS,
  GRANT_REFUSAL_REASONS,
} from './approvals/approvalEvents.js';
export type {
  ApprovalRequestedData,
  ApprovalGrantedData,
  ApprovalDeniedData,
  ApprovalExpiredData,
  ApprovalRefusalReason,
  ApprovalRefusedData,
  GrantRefusalReason,
  ApprovalGrantRefusedData,
  ApprovalGrantUsedData,
  ApprovalEvent,
} from './approvals/approvalEvents.js';
export { ApprovalError, isApprovalError, APPROVAL_ERROR_CODES } from './approvals/approvalErrors.js';
export type { ApprovalErrorCode } from './approvals/approvalErrors.js';
export { decideApproval } from './approvals/approvalDecider.js';
export type {
  DecideApprovalCommand,
  ApprovalDecisionContext,
  ApprovalOutcome,
} from './approvals/approvalDecider.js';
export { checkGrant } from './approvals/grantCheck.js';
export type { PresentedGrant, GrantCheck } from './approvals/grantCheck.js';
export { ApprovalService, DEFAULT_GRANT_TTL_MS } from './approvals/approvalService.js';
export type { ApprovalServiceDependencies, ApprovalDecisionResult } from './approvals/approvalService.js';
export { ApprovalQueue, APPROVAL_QUEUE_EVENTS, isExpired } from './approvals/approvalQueue.js';
export { DEFAULT_APPROVAL_LIMITS, PendingApprovalSlots } from './approvals/pendingApprovalSlots.js';
export type { ApprovalAdmission, ApprovalLimits, ApprovalSlot } from './approvals/pendingApprovalSlots.js';
export type { PendingApproval } from './approvals/approvalQueue.js';
export { ApprovalFeed } from './approvals/approvalFeed.js';
export type { ApprovalChange, ApprovalChangeKind } from './approvals/approvalFeed.js';
export {
  ALL_REPLAY_CHECKS,
  DEFAULT_REPLAY_TOLERANCE,
  REPLAY_CHECKS,
  REPLAY_EVENT_TYPES,
} from './replay/replayEvents.js';
export type {
  ReplayCheck,
  ReplayCounts,
  ReplayEvent,
  ReplayItem,
  ReplayOptions,
  ReplayTolerance,
  RunReplayedData,
} from './replay/replayEvents.js';
export type { RunFacts, StepMark } from './replay/stateReplay.js';
export { recordedPolicyDecisions, reconstructPolicyRequest } from './replay/policyReplay.js';
export type { RecordedPolicyDecision } from './replay/policyReplay.js';
export { ReplayService } from './replay/replayService.js';
export type {
  ReplayRunCommand,
  ReplayRunResult,
  ReplayServiceDependencies,
  RunProjectionSource,
} from './replay/replayService.js';
export * from './rollback/index.js';
export * from './completions/index.js';
export * from './blobs/index.js';
export * from './mcp/index.js';
