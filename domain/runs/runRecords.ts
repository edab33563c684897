import type { ApprovalEvent } from '../approvals/approvalEvents.js';
import type { JsonValue } from '../events/json.js';
import type {
  InferenceCompletedData,
  InferenceEvent,
  InferenceFailedData,
  InferenceRequestedData,
} from '../inference/inferenceEvents.js';
import type { MemoryAppliedData, RunMemoryEvent } from '../memory/memoryEvents.js';
import type { MemoryUnappliedData } from '../rollback/rollbackEvents.js';
import type { CompensatingCall } from '../tools/compensation.js';
import type { ToolCallEvent, ToolCallTool } from '../toolCalls/toolCallEvents.js';
import type { CompletionEvent } from '../completions/completionEvents.js';
import { VersionedMap } from './versionedMap.js';

// What a run's stream records of its calls, approvals, inferences and memory, as the one run fold keeps it. Pure.

/** Where an event landed in the ledger. */
export interface EventReference {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly hash: string;
}

export type CallStatus =
  'requested' | 'awaiting_approval' | 'approved' | 'granted' | 'completed' | 'failed' | 'denied';

/** One tool call as the run's stream tells it. */
export interface CallRecord {
  readonly callId: string;
  readonly tool: ToolCallTool;
  readonly args: JsonValue;
  readonly argsDigest: string;
  readonly requestedBy: string;
  /** Epoch ms of its `ToolCallRequested`. */
  readonly requestedAt: number;
  /** Id of its `ToolCallRequested`: what its outcome, recorded later, names as its cause. */
  readonly requestedEventId: string;
  readonly status: CallStatus;
  readonly grant: { readonly grantId: string; readonly issuedTo: string; readonly expiresAt: number } | null;
  /** Global position of its `ToolCallRequested`. */
  readonly requestedPosition: number;
  /** Set once completed: what undoes it (a reversible tool's resolved compensation), else null. */
  readonly compensation: CompensatingCall | null;
  /** Why a completed reversible call's compensation could not be resolved (rollback lists it), else null. */
  readonly compensationProblem: string | null;
  /** Set on a rollback's compensating call: the rollback and the call it undoes. */
  readonly compensates: { readonly rollbackId: string; readonly callId: string } | null;
}

export type ApprovalStatus = 'pending' | 'granted' | 'denied' | 'expired' | 'used';

/** One approval and its grant as the run's stream tells it. */
export interface ApprovalRecord {
  readonly approvalId: string;
  /** The gated tool call's id, or the rollback's id for an approval that gates a rollback. */
  readonly callId: string;
  /** What the reviewer approves: the tool of the call (or the pseudo tool `rollbackRun@1`). */
  readonly tool: { readonly name: string; readonly version: string };
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
  readonly requestedBy: string;
  readonly expiresAt: number;
  /** Id of its `ApprovalRequested`: what a reviewer's decision names as its cause. */
  readonly requestedEventId: string;
  readonly status: ApprovalStatus;
  /** Set once granted: until when the grant may be used. */
  readonly grantExpiresAt: number | null;
}

export type InferenceOutcome =
  | {
      readonly type: 'InferenceCompleted';
      readonly data: InferenceCompletedData;
      readonly event: EventReference;
    }
  | { readonly type: 'InferenceFailed'; readonly data: InferenceFailedData; readonly event: EventReference };

/** One inference as the run's history records it. */
export interface InferenceRecord {
  readonly requested: InferenceRequestedData;
  readonly requestedEvent: EventReference;
  readonly outcome: InferenceOutcome | null;
}

export type CompletionStatus = 'requested' | 'completed' | 'withheld' | 'failed' | 'denied';

/** One completion (or embeddings request) as the run's stream tells it; its texts are in blobs. */
export interface CompletionRecord {
  readonly completionId: string;
  /** What an approval of it is bound to; null for one denied before it was requested (unknown engine, budget). */
  readonly argsDigest: string | null;
  readonly engine: string | null;
  readonly model: string | null;
  readonly status: CompletionStatus;
  /** Id of its (latest) `CompletionRequested`: what its outcome names as its cause; null when never requested. */
  readonly requestedEventId: string | null;
}

/** A memory version the run uses from `appliedAt` on. */
export interface AppliedMemory extends MemoryAppliedData {
  readonly appliedAt: EventReference;
}

/** The collections of the run fold (each a `VersionedMap`, so folding one more event costs the same in a long run). */
export interface RunRecords {
  readonly calls: VersionedMap<string, CallRecord>;
  readonly approvals: VersionedMap<string, ApprovalRecord>;
  /** Tool-call grants by id → the call they were issued for. */
  readonly grants: VersionedMap<string, string>;
  readonly inferences: VersionedMap<string, InferenceRecord>;
  readonly completions: VersionedMap<string, CompletionRecord>;
  /** Memory applied to the run and not un-applied by a rollback, by memory id (the latest version applied). */
  readonly memories: VersionedMap<string, AppliedMemory>;
  /** Keyed commands: the id of each event appended under an idempotency key → its revision. */
  readonly keyedEvents: VersionedMap<string, number>;
  /** Step number → global position of its `StepRecorded` (where a rollback or a fork to that step points). */
  readonly stepPositions: VersionedMap<number, number>;
  /** Global position of each event of the stream → its revision. */
  readonly positions: VersionedMap<number, number>;
}

export function emptyRunRecords(): RunRecords {
  return {
    calls: VersionedMap.empty(),
    approvals: VersionedMap.empty(),
    grants: VersionedMap.empty(),
    inferences: VersionedMap.empty(),
    completions: VersionedMap.empty(),
    memories: VersionedMap.empty(),
    keyedEvents: VersionedMap.empty(),
    stepPositions: VersionedMap.empty(),
    positions: VersionedMap.empty(),
  };
}

/** A run-stream event with the envelope facts the records need. */
export type RecordsEvent = (
  | { readonly type: 'StepRecorded'; readonly data: { readonly stepNumber: number } }
  | ToolCallEvent
  | ApprovalEvent
  | InferenceEvent
  | RunMemoryEvent
  | CompletionEvent
  | { readonly type: 'MemoryUnapplied'; readonly data: MemoryUnappliedData }
) & {
  readonly reference: EventReference;
  readonly occurredAt: number;
};

/** Folds one event into the records. Total: other types leave them as they are. */
export function evolveRecords(records: RunRecords, event: RecordsEvent): RunRecords {
  const { position, revision } = event.reference;
  const indexed =
    position < 0 ? records : { ...records, positions: records.positions.set(position, revision) };
  return evolveByType(indexed, event);
}

function evolveByType(records: RunRecords, event: RecordsEvent): RunRecords {
  switch (event.type) {
    case 'StepRecorded':
      return {
        ...records,
        stepPositions: records.stepPositions.set(event.data.stepNumber, event.reference.position),
      };
    case 'ToolCallRequested':
    case 'ToolCallDenied':
    case 'ToolCallCompleted':
    case 'ToolCallFailed':
    case 'ToolGrantIssued':
      return { ...records, ...evolveCalls(records, event) };
    case 'ApprovalRequested':
    case 'ApprovalGranted':
    case 'ApprovalDenied':
    case 'ApprovalExpired':
    case 'ApprovalGrantUsed':
      return { ...records, ...evolveApprovals(records, event) };
    case 'InferenceRequested':
      return {
        ...records,
        inferences: records.inferences.set(event.data.inferenceId, {
          requested: event.data,
          requestedEvent: event.reference,
          outcome: null,
        }),
      };
    case 'InferenceCompleted':
    case 'InferenceFailed': {
      const outcome = { type: event.type, data: event.data, event: event.reference } as InferenceOutcome;
      return {
        ...records,
        inferences: records.inferences.update(event.data.inferenceId, (record) => ({ ...record, outcome })),
      };
    }
    case 'CompletionRequested':
    case 'CompletionCompleted':
    case 'CompletionWithheld':
    case 'CompletionFailed':
    case 'CompletionDenied':
      return { ...records, completions: evolveCompletions(records.completions, event) };
    case 'MemoryApplied':
      return {
        ...records,
        memories: records.memories.set(event.data.memoryId, { ...event.data, appliedAt: event.reference }),
      };
    case 'MemoryUnapplied':
      return { ...records, memories: records.memories.delete(event.data.memoryId) };
    default:
      return records;
  }
}

type CompletionChange = Extract<RecordsEvent, { type: CompletionEvent['type'] }>;

const SETTLED: Readonly<Record<Exclude<CompletionEvent['type'], 'CompletionRequested'>, CompletionStatus>> = {
  CompletionCompleted: 'completed',
  CompletionWithheld: 'withheld',
  CompletionFailed: 'failed',
  CompletionDenied: 'denied',
};

function evolveCompletions(
  completions: VersionedMap<string, CompletionRecord>,
  event: CompletionChange,
): VersionedMap<string, CompletionRecord> {
  const { completionId } = event.data;
  if (event.type === 'CompletionRequested') {
    const { argsDigest, engine, model } = event.data;
    const record: CompletionRecord = {
      ...{ completionId, argsDigest, engine: engine.name, model, status: 'requested' },
      requestedEventId: event.reference.id,
    };
    return completions.set(completionId, record);
  }
  const status = SETTLED[event.type];
  if (completions.get(completionId) !== undefined)
    return completions.update(completionId, (record) => ({ ...record, status }));
  const engine = event.type === 'CompletionDenied' ? event.data.engine : null;
  const record = { completionId, argsDigest: null, engine, model: null, status, requestedEventId: null };
  return completions.set(completionId, record);
}

type CallEvent = Extract<RecordsEvent, { type: ToolCallEvent['type'] }>;

function evolveCalls({ calls, grants }: RunRecords, event: CallEvent): Partial<RunRecords> {
  const status = (callId: string, next: CallStatus) =>
    calls.update(callId, (call) => ({ ...call, status: next }));
  switch (event.type) {
    case 'ToolCallRequested': {
      const { callId, tool, args, argsDigest, requestedBy } = event.data;
      const record: CallRecord = {
        ...{ callId, tool, args, argsDigest, requestedBy, requestedAt: event.occurredAt },
        requestedEventId: event.reference.id,
        requestedPosition: event.reference.position,
        ...{ status: 'requested', grant: null, compensation: null, compensationProblem: null },
        compensates: event.data.compensates ?? null,
      };
      return { calls: calls.set(callId, record) };
    }
    case 'ToolCallDenied':
      return { calls: status(event.data.callId, 'denied') };
    case 'ToolCallCompleted': {
      const { callId, compensation, compensationProblem } = event.data;
      const completed = { status: 'completed', compensation, compensationProblem } as const;
      return { calls: calls.update(callId, (call) => ({ ...call, ...completed })) };
    }
    case 'ToolCallFailed':
      return { calls: status(event.data.callId, 'failed') };
    case 'ToolGrantIssued': {
      const { callId, grantId, issuedTo, expiresAt } = event.data;
      const grant = { grantId, issuedTo, expiresAt: Date.parse(expiresAt) };
      return {
        grants: grants.set(grantId, callId),
        calls: calls.update(callId, (call) => ({ ...call, status: 'granted', grant })),
      };
    }
    default:
      return {};
  }
}

type ApprovalChange = Extract<RecordsEvent, { type: ApprovalEvent['type'] }>;

function evolveApprovals({ calls, approvals }: RunRecords, event: ApprovalChange): Partial<RunRecords> {
  const set = (approvalId: string, change: Partial<ApprovalRecord>) =>
    approvals.update(approvalId, (approval) => ({ ...approval, ...change }));
  switch (event.type) {
    case 'ApprovalRequested': {
      const { approvalId, callId, argsDigest, policySetVersion, requestedBy } = event.data;
      const expiresAt = Date.parse(event.data.expiresAt);
      const tool = { name: event.data.tool.name, version: event.data.tool.version };
      const record: ApprovalRecord = {
        tool,
        ...{ approvalId, callId, argsDigest, policySetVersion, requestedBy, expiresAt },
        requestedEventId: event.reference.id,
        ...{ status: 'pending', grantExpiresAt: null },
      };
      return {
        approvals: approvals.set(approvalId, record),
        calls: calls.update(callId, (call) => ({ ...call, status: 'awaiting_approval' })),
      };
    }
    case 'ApprovalGranted':
      return {
        approvals: set(event.data.approvalId, {
          status: 'granted',
          grantExpiresAt: Date.parse(event.data.grantExpiresAt),
        }),
      };
    case 'ApprovalDenied':
      return { approvals: set(event.data.approvalId, { status: 'denied' }) };
    case 'ApprovalExpired':
      return { approvals: set(event.data.approvalId, { status: 'expired' }) };
    case 'ApprovalGrantUsed':
      return {
        approvals: set(event.data.approvalId, { status: 'used' }),
        calls: calls.update(event.data.callId, (call) => ({ ...call, status: 'approved' })),
      };
    default:
      return {};
  }
}

/** Where a stored event landed. */
export function referenceOf(event: {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly hash: string;
}): EventReference {
  const { id, revision, position, hash } = event;
  return { id, revision, position, hash };
}
