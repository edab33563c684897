import type {
  ApprovalDeniedData,
  ApprovalGrantedData,
  ApprovalGrantUsedData,
  ApprovalRequestedData,
  InferenceCompletedData,
  InferenceFailedData,
  InferenceRequestedData,
  MemoryAppliedData,
  MemoryProposedData,
  MemoryReviewedData,
  PolicyDecidedData,
  RecordedEvent,
} from '../../domain/index.js';
import type { RunSummary } from '../readModelQueries.js';
import type {
  ApprovalDecisionExplained,
  ApprovalExplained,
  AppliedMemoryExplained,
  BudgetUse,
  ModelExplained,
  PolicyDecisionExplained,
} from './explanation.js';

/** A published policy set as explain needs it: its version, digest and each policy's text by `@id`. */
export interface PolicySetText {
  readonly version: number;
  readonly sha256: string;
  /** Each policy's Cedar text by `@id`; null when the set's text could not be split. */
  readonly policies: Readonly<Record<string, string>> | null;
}

const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;
const withField = (event: RecordedEvent, field: string, value: string) => dataField(event, field) === value;

/** The string `field` of an event's data, or null (a tool-call event's `callId`, an inference's `inferenceId`). */
export function dataField(event: RecordedEvent, field: string): string | null {
  const { data } = event;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const value = (data as Readonly<Record<string, unknown>>)[field];
  return typeof value === 'string' ? value : null;
}

/** Every `PolicyDecided` of call `callId` among `runEvents`, with the determining policies' text at its version. */
export function policyDecisionsOf(
  runEvents: readonly RecordedEvent[],
  callId: string,
  policySets: readonly PolicySetText[],
): PolicyDecisionExplained[] {
  return runEvents
    .filter((event) => event.type === 'PolicyDecided' && withField(event, 'callId', callId))
    .map((event) => {
      const data = dataOf<PolicyDecidedData>(event);
      const set = policySets.find((candidate) => candidate.version === data.policySetVersion) ?? null;
      return {
        eventId: event.id,
        position: event.position,
        callId,
        outcome: data.outcome,
        policySetVersion: data.policySetVersion,
        policySetSha256: set?.sha256 ?? null,
        policies: data.determiningPolicies.map((id) => ({ id, text: set?.policies?.[id] ?? null })),
        reasons: data.reasons,
        approved: data.approved,
        riskScore: data.riskScore,
        principal: data.principal.id,
      };
    });
}

/** The approval requested for call `callId` (the latest, if several), its decision and its use; null if none. */
export function approvalOf(runEvents: readonly RecordedEvent[], callId: string): ApprovalExplained | null {
  const requested = runEvents.findLast(
    (event) => event.type === 'ApprovalRequested' && withField(event, 'callId', callId),
  );
  if (requested === undefined) return null;
  const data = dataOf<ApprovalRequestedData>(requested);
  const ofApproval = runEvents.filter((event) => withField(event, 'approvalId', data.approvalId));
  const used = ofApproval.find((event) => event.type === 'ApprovalGrantUsed');
  return {
    approvalId: data.approvalId,
    callId,
    requestedBy: data.requestedBy,
    requestedAt: requested.meta.occurredAt,
    argsDigest: data.argsDigest,
    policySetVersion: data.policySetVersion,
    expiresAt: data.expiresAt,
    decision: approvalDecisionOf(ofApproval),
    used:
      used === undefined
        ? null
        : { by: dataOf<ApprovalGrantUsedData>(used).usedBy, at: used.meta.occurredAt },
  };
}

function approvalDecisionOf(events: readonly RecordedEvent[]): ApprovalDecisionExplained | null {
  for (const event of events) {
    const at = event.meta.occurredAt;
    if (event.type === 'ApprovalGranted') {
      const { decidedBy: by, reason, grantExpiresAt } = dataOf<ApprovalGrantedData>(event);
      return { outcome: 'granted', by, at, reason, grantExpiresAt };
    }
    if (event.type === 'ApprovalDenied') {
      const { decidedBy: by, reason } = dataOf<ApprovalDeniedData>(event);
      return { outcome: 'denied', by, at, reason, grantExpiresAt: null };
    }
    if (event.type === 'ApprovalExpired')
      return { outcome: 'expired', by: null, at, reason: null, grantExpiresAt: null };
  }
  return null;
}

/** The memory streams `MemoryApplied` events among `runEvents` name (each once, in order). */
export function appliedMemoryStreams(runEvents: readonly RecordedEvent[]): string[] {
  const streams = runEvents
    .filter((event) => event.type === 'MemoryApplied')
    .map((event) => dataOf<MemoryAppliedData>(event).memoryStream);
  return [...new Set(streams)];
}

/**
 * Each `MemoryApplied` among `runEvents`, with the provenance and approving reviewer its memory's stream
 * (`histories`, by stream name) records at the applied revision.
 */
export function appliedMemoriesOf(
  runEvents: readonly RecordedEvent[],
  histories: ReadonlyMap<string, readonly RecordedEvent[]>,
): AppliedMemoryExplained[] {
  return runEvents
    .filter((event) => event.type === 'MemoryApplied')
    .map((event) => {
      const data = dataOf<MemoryAppliedData>(event);
      const history = (histories.get(data.memoryStream) ?? []).filter(
        (entry) => entry.revision <= data.memoryRevision,
      );
      const proposed = history.find((entry) => entry.type === 'MemoryProposed');
      const review = history.findLast((entry) => entry.type === 'MemoryReviewed');
      const reviewData = review === undefined ? null : dataOf<MemoryReviewedData>(review);
      return {
        memoryId: data.memoryId,
        memoryRevision: data.memoryRevision,
        contentDigest: data.contentDigest,
        type: data.type,
        scope: data.scope,
        appliedBy: data.appliedBy,
        appliedAt: event.meta.occurredAt,
        provenance: proposed === undefined ? [] : dataOf<MemoryProposedData>(proposed).provenance,
        reviewer: reviewData?.decision === 'approved' ? reviewData.reviewer : null,
      };
    });
}

/** The model of inference `inferenceId` as its events among `runEvents` record it; null when not requested. */
export function modelOf(runEvents: readonly RecordedEvent[], inferenceId: string): ModelExplained | null {
  const ofInference = runEvents.filter((event) => withField(event, 'inferenceId', inferenceId));
  const requested = ofInference.find((event) => event.type === 'InferenceRequested');
  if (requested === undefined) return null;
  const { model, inputDigest } = dataOf<InferenceRequestedData>(requested);
  const completedEvent = ofInference.find((event) => event.type === 'InferenceCompleted');
  const completed = completedEvent === undefined ? null : dataOf<InferenceCompletedData>(completedEvent);
  const failed = ofInference.find((event) => event.type === 'InferenceFailed');
  return {
    inferenceId,
    name: model.name,
    version: model.version,
    sha256: model.sha256,
    executionProvider: completed?.executionProvider ?? null,
    runtime: completed?.runtime ?? null,
    runtimeVersion: completed?.runtimeVersion ?? null,
    inputDigest,
    outputDigest: completed?.outputDigest ?? null,
    failure: failed === undefined ? null : dataOf<InferenceFailedData>(failed).reason,
  };
}

/** The run's budgets at a position: counts and wall time used against their limits (null: unlimited). */
export function budgetsOf(summary: RunSummary): BudgetUse[] {
  const { budget } = summary;
  return [
    { budget: 'steps', used: summary.stepCount, limit: budget.maxSteps ?? null },
    { budget: 'toolCalls', used: summary.toolCalls, limit: budget.maxToolCalls ?? null },
    { budget: 'inferenceCalls', used: summary.inferenceCalls, limit: budget.maxInferenceCalls ?? null },
    { budget: 'wallTimeMs', used: summary.wallTimeMs, limit: budget.maxWallTimeMs ?? null },
  ];
}
