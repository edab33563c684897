export type { JsonPrimitive, JsonValue, JsonObject } from './events/json.js';
export { ACTOR_KINDS } from './events/eventEnvelope.js';
export type { Actor, ActorKind, EventMeta, NewEvent, RecordedEvent } from './events/eventEnvelope.js';
export type { Clock } from './ports/clock.js';
export type { IdGenerator } from './ports/idGenerator.js';
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
  STORAGE_ERROR_CODES,
} from './errors/ledgerErrors.js';
export type { LedgerErrorCode } from './errors/ledgerErrors.js';
