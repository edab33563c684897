import { readWholeStream, runStream } from '../../domain/index.js';
import type {
  EventLog,
  JsonValue,
  PendingApproval,
  PolicyDecidedData,
  RecordedEvent,
  ToolCallRequestedData,
} from '../../domain/index.js';
import { eventsByPosition } from './eventsByPosition.js';

/** What a reviewer sees of an approval beyond its `ApprovalRequested`: the call's request and its decision. */
export interface ApprovalCall {
  /** The call's `ToolCallRequested`; null when none is recorded (a rollback's approval: its args are not). */
  readonly requested: ToolCallRequestedData | null;
  /** The `PolicyDecided` that asked for this approval; null when none is recorded. */
  readonly decided: PolicyDecidedData | null;
}

/** No request or decision recorded. */
export const NO_APPROVAL_CALL: ApprovalCall = { requested: null, decided: null };

/**
 * The recorded request and decision of each approval's call, in order, from the caller's tenant's events. A call
 * is decided in the append that asks for its approval, so its `ToolCallRequested` and `PolicyDecided` are
 * normally the two events before the `ApprovalRequested`: all approvals' neighbours are read in a few ranges
 * (`eventsByPosition`); only an approval whose neighbours are not its call's reads its run's stream (once per run).
 */
export async function approvalCalls(
  log: EventLog,
  tenant: string,
  approvals: readonly PendingApproval[],
): Promise<ApprovalCall[]> {
  const near = await eventsByPosition(
    log,
    tenant,
    approvals.flatMap((approval) => [approval.position - 2, approval.position - 1]),
  );
  const found = approvals.map((approval, index) =>
    callOf(approval, [near[2 * index] ?? null, near[2 * index + 1] ?? null], tenant),
  );
  const missing = [...new Set(approvals.filter((_, i) => found[i]!.requested === null).map((a) => a.runId))];
  if (missing.length === 0) return found;
  const streams = new Map(
    await Promise.all(
      missing.map(async (runId) => [runId, await readWholeStream(log, runStream(runId))] as const),
    ),
  );
  return approvals.map((approval, index) => {
    const events = streams.get(approval.runId);
    return events === undefined ? found[index]! : callOf(approval, events, tenant);
  });
}

/** The last request and approval-asking decision of the approval's call among `events`, before the approval. */
function callOf(
  approval: PendingApproval,
  events: ReadonlyArray<RecordedEvent | null>,
  tenant: string,
): ApprovalCall {
  let call = NO_APPROVAL_CALL;
  for (const event of events) {
    if (event === null || event.position >= approval.position || event.meta.tenant !== tenant) continue;
    if (event.stream !== runStream(approval.runId)) continue;
    const data = event.data as { callId?: unknown; outcome?: unknown };
    if (data.callId !== approval.callId) continue;
    if (event.type === 'ToolCallRequested')
      call = { ...call, requested: event.data as unknown as ToolCallRequestedData };
    if (event.type === 'PolicyDecided' && data.outcome === 'require_approval')
      call = { ...call, decided: event.data as unknown as PolicyDecidedData };
  }
  return call;
}

/** The args a reviewer is shown: the recorded request's (`{}` when none is recorded; see `argsRecorded`). */
export function argsOf(call: ApprovalCall): JsonValue {
  return call.requested?.args ?? {};
}
