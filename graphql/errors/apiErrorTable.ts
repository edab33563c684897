import type { MirErrorCode } from './errorCodes.js';
import * as typed from './typedApiErrors.js';
import type { TypedApiError } from './typedApiErrors.js';

/**
 * How the API answers one `MirError` code, by the kind of refusal it is:
 * - `typed`: an expected refusal of a command, returned as a typed result (a member of the field's result union);
 * - `callerFault`: the caller asked for something that cannot be served as asked (BAD_USER_INPUT, 400);
 * - `refused`: refused by the state of the tenant or a resource; `code` and `status` say which (retry may help);
 * - `unavailable`: a part of the server cannot serve now (503): retry, with the same idempotency key;
 * - `internal`: an invariant broke (corruption, a programming error): masked as "Unexpected error." and logged.
 */
export type ApiErrorMapping =
  | { readonly kind: 'typed'; readonly build: TypedApiError }
  | { readonly kind: 'callerFault' }
  | { readonly kind: 'refused'; readonly code: string; readonly status: number }
  | { readonly kind: 'unavailable'; readonly code: 'LEDGER_UNAVAILABLE' | 'READ_MODELS_UNAVAILABLE' }
  | { readonly kind: 'internal' };

const as = (build: TypedApiError): ApiErrorMapping => ({ kind: 'typed', build });
const callerFault: ApiErrorMapping = { kind: 'callerFault' };
const refused = (code: string, status: number): ApiErrorMapping => ({ kind: 'refused', code, status });
const ledgerDown: ApiErrorMapping = { kind: 'unavailable', code: 'LEDGER_UNAVAILABLE' };
const readModelsDown: ApiErrorMapping = { kind: 'unavailable', code: 'READ_MODELS_UNAVAILABLE' };
const internal: ApiErrorMapping = { kind: 'internal' };

/** The one table: every code the code base raises (a missing one fails to compile), and how the API answers it. */
export const API_ERROR_TABLE: { readonly [Code in MirErrorCode]: ApiErrorMapping } = {
  // The command handler: other writers kept moving the stream.
  CONCURRENCY_EXHAUSTED: as(typed.concurrencyConflict),
  // Ledger (the event log port).
  WRONG_EXPECTED_REVISION: internal, // services retry it; one that escapes is a bug
  INVALID_STREAM_NAME: as(typed.ledgerInput),
  INVALID_EVENT: as(typed.ledgerInput),
  NON_JSON_VALUE: as(typed.ledgerInput),
  EVENT_TOO_LARGE: as(typed.ledgerInput),
  APPEND_TOO_LARGE: as(typed.ledgerInput),
  BLOB_TOO_LARGE: callerFault, // a prompt or response over the blob store's limit
  IDEMPOTENCY_CONFLICT: as(typed.ledgerInput),
  CHECKPOINT_NOT_EXTENDING: internal, // a checkpoint that does not extend the last one: never signed
  INVALID_READ: callerFault,
  STORAGE_FULL: ledgerDown,
  STORAGE_READONLY: ledgerDown,
  STORAGE_BUSY: ledgerDown,
  STORAGE_IO: ledgerDown,
  STORAGE_CORRUPT: internal,
  LEDGER_CLOSED: ledgerDown,
  // Runs.
  RUN_NOT_FOUND: as(typed.runNotFound),
  RUN_ALREADY_EXISTS: as(typed.runAlreadyExists),
  RUN_NOT_ACTIVE: as(typed.runNotActive),
  RUN_BUDGET_EXCEEDED: as(typed.runBudgetExceeded),
  RUN_INVALID_COMMAND: as(typed.invalidCommand),
  RUN_STEP_OUT_OF_RANGE: as(typed.runStepOutOfRange),
  // API keys (managed from the CLI).
  KEY_NOT_FOUND: callerFault,
  KEY_ALREADY_REVOKED: callerFault,
  KEY_REQUEST_INVALID: callerFault,
  // Models and inference.
  MODEL_NOT_FOUND: as(typed.modelNotFound),
  MODEL_INVALID: as(typed.modelInvalid),
  MODEL_VERSION_CONFLICT: as(typed.modelVersionConflict),
  MODEL_NAME_RESERVED: as(typed.modelNameReserved),
  MODEL_INTEGRITY_VIOLATION: as(typed.engineFailure),
  INFERENCE_INVALID_INPUT: as(typed.invalidInferenceInput),
  OVERLOADED: as(typed.overloaded),
  INFERENCE_TIMEOUT: as(typed.engineFailure),
  WORKER_CRASHED: as(typed.engineFailure),
  ENGINE_FAILED: as(typed.engineFailure),
  ENGINE_CLOSED: as(typed.engineFailure),
  OUTPUT_TOO_LARGE: as(typed.engineFailure),
  INFERENCE_IN_PROGRESS: as(typed.inferenceInProgress),
  // Approvals.
  APPROVAL_INVALID_COMMAND: as(typed.approvalInvalid),
  // Tenants (the kill switch): a state of the deployment, like an unavailable ledger, for every action until lifted.
  TENANT_HALTED: refused('TENANT_HALTED', 403),
  TENANT_INVALID_COMMAND: callerFault,
  // Tools. Failures of an executed call are results (`ToolCallFailed`), not errors: one thrown is a bug.
  TOOL_INVALID: as(typed.toolInvalid),
  TOOL_VERSION_CONFLICT: as(typed.toolVersionConflict),
  TOOL_NAME_RESERVED: as(typed.toolNameReserved),
  TOOL_NOT_FOUND: callerFault,
  TOOL_ARGS_INVALID: callerFault,
  TOOL_OUTPUT_INVALID: internal,
  TOOL_OUTPUT_TOO_LARGE: internal,
  TOOL_NOT_ALLOWED: internal,
  TOOL_RATE_LIMITED: refused('RATE_LIMITED', 429),
  TOOL_TIMEOUT: internal,
  TOOL_ABORTED: internal,
  TOOL_FAILED: internal,
  TOOL_COMPENSATION_UNRESOLVED: internal,
  TOOL_CALL_IN_PROGRESS: refused('TOOL_CALL_IN_PROGRESS', 409),
  // Memory.
  MEMORY_NOT_FOUND: as(typed.memoryNotFound),
  MEMORY_ALREADY_EXISTS: as(typed.memoryRefused),
  MEMORY_INVALID_COMMAND: as(typed.memoryInvalid),
  MEMORY_FORBIDDEN: as(typed.memoryRefused),
  MEMORY_SELF_REVIEW: as(typed.memoryRefused),
  MEMORY_ALREADY_REVIEWED: as(typed.memoryRefused),
  MEMORY_NOT_APPROVED: as(typed.memoryRefused),
  MEMORY_REJECTED: as(typed.memoryRefused),
  MEMORY_RETRACTED: as(typed.memoryRefused),
  MEMORY_EXPIRED: as(typed.memoryRefused),
  MEMORY_SCOPE_MISMATCH: as(typed.memoryRefused),
  // Policies.
  POLICY_INVALID: as(typed.policyInvalid),
  POLICY_REQUEST_INVALID: as(typed.policyRequestInvalid),
  POLICY_TOO_LARGE: as(typed.policyLimitExceeded),
  POLICY_TOO_COMPLEX: as(typed.policyLimitExceeded),
  POLICY_ENGINE_FAILED: as(typed.policyEngineFailed),
  // Rollback.
  ROLLBACK_POINT_NOT_FOUND: as(typed.rollbackPointNotFound),
  ROLLBACK_INVALID_COMMAND: as(typed.rollbackInvalid),
  ROLLBACK_IN_PROGRESS: as(typed.rollbackInProgress),
  // MCP servers: refusals of a registration are typed results; a failed call to an imported tool is recorded as
  // `ToolCallFailed` with these codes as reasons, never thrown.
  MCP_SERVER_INVALID: as(typed.mcpServerInvalid),
  MCP_TOOL_UNSUPPORTED: as(typed.mcpServerInvalid),
  MCP_TOOL_NAME_COLLISION: as(typed.mcpServerInvalid),
  MCP_SERVER_UNREACHABLE: as(typed.mcpServerUnreachable),
  MCP_TOKEN_UNREADABLE: as(typed.mcpServerUnreachable),
  MCP_TOOL_ERROR: internal,
  MCP_SERVER_EXITED: internal,
  MCP_TOOL_CHANGED: internal,
  // Merkle proofs: sizes and indexes come from the caller; the rest are programming errors or bad storage.
  MERKLE_INDEX_OUT_OF_RANGE: callerFault,
  MERKLE_SIZES_OUT_OF_ORDER: callerFault,
  MERKLE_INVALID_SIZE: callerFault,
  MERKLE_INVALID_HASH_LENGTH: internal,
  MERKLE_NODE_COUNT_MISMATCH: internal,
  MERKLE_PROOF_INVALID: internal,
  MERKLE_PROOF_WRONG_LENGTH: internal,
  MERKLE_ROOT_MISMATCH: internal,
  MERKLE_LEAVES_MISSING: internal,
  MERKLE_HASH_MALFORMED: internal,
  MERKLE_NODE_CONFLICT: internal,
  // Signed notes, checkpoints and keys: MIR signs and reads its own; a failure is corruption or a bug.
  NOTE_TOO_LARGE: internal,
  NOTE_MALFORMED: internal,
  NOTE_UNVERIFIED: internal,
  NOTE_BAD_SIGNATURE: internal,
  NOTE_TEXT_INVALID: internal,
  NOTE_KEY_NAME_INVALID: internal,
  VERIFIER_KEY_MALFORMED: internal,
  VERIFIER_KEY_CONFLICT: internal,
  CHECKPOINT_MALFORMED: internal,
  CHECKPOINT_INVALID: internal,
  KEY_SEED_INVALID: internal,
  KEY_FILE_NOT_FOUND: internal,
  KEY_FILE_MALFORMED: internal,
  KEY_FILE_SYMLINK: internal,
  KEY_FILE_NOT_REGULAR: internal,
  KEY_PERMISSIONS_TOO_OPEN: internal,
  KEY_DIR_PERMISSIONS_TOO_OPEN: internal,
  KEY_FILE_IO: internal,
  SIGNING_KEY_RETIRED: internal, // a server or CLI refuses to start signing with a retired key
  // The witness (`mir witness`): answered over its own HTTP endpoint, never raised inside the API.
  WITNESS_REQUEST_MALFORMED: internal,
  WITNESS_STATE_MALFORMED: internal,
  WITNESS_STATE_IO: internal,
  // Read models.
  PROJECTION_FAILED: internal,
  READ_MODEL_FORMAT: internal,
  READ_MODEL_STORAGE: readModelsDown,
  READ_MODEL_AHEAD: internal,
  READ_MODEL_DIVERGED: internal,
  PROJECTION_CLOSED: readModelsDown,
  PROJECTION_WAIT_TIMEOUT: readModelsDown,
  INVALID_CURSOR: callerFault,
  INVALID_PAGE: callerFault,
  INVALID_FILTER: callerFault,
  INVALID_POSITION: callerFault,
  INVALID_EVENT_ID: callerFault,
  // Start-up.
  DATA_DIR_IN_USE: internal,
  FILE_EXISTS: internal,
  // Evidence bundles.
  BUNDLE_SUBJECT_NOT_FOUND: callerFault,
  BUNDLE_NOT_CHECKPOINTED: refused('NOT_YET_CHECKPOINTED', 409),
  BUNDLE_CHECKPOINT_NOT_FOUND: callerFault,
  BUNDLE_SINCE_TOO_NEW: callerFault,
  BUNDLE_RANGE_INVALID: callerFault,
  BUNDLE_BLOB_MISSING: internal, // the blob store lost a blob an event names (or was not given to the exporter)
  CONFIG_INVALID: internal,
  DATA_DIR_NOT_FOUND: internal,
  DATA_DIR_NOT_A_DIRECTORY: internal,
  LEDGER_NOT_FOUND: internal,
  LEDGER_NOT_INITIALISED: internal,
  SIGNING_KEY_NOT_COPIED: internal,
  STORE_NOT_SUPPORTED: internal,
};
