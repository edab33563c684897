import type { ApprovalEvent } from '../approvals/approvalEvents.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunHistoryEvent, RunState } from '../runs/runDecider.js';
import type { ToolCallEvent, ToolCallTool } from './toolCallEvents.js';

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
  readonly status: CallStatus;
  readonly grant: { readonly grantId: string; readonly issuedTo: string; readonly expiresAt: number } | null;
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
  readonly status: ApprovalStatus;
  /** Set once granted: until when the grant may be used. */
  readonly grantExpiresAt: number | null;
}

/** What the tool-call and approval services need of a run: its state, its calls, its approvals. */
export interface GovernanceView {
  readonly state: RunState;
  readonly calls: ReadonlyMap<string, CallRecord>;
  readonly approvals: ReadonlyMap<string, ApprovalRecord>;
  /** Tool-call grants by id → the call they were issued for. */
  readonly grants: ReadonlyMap<string, string>;
}

export function emptyGovernanceView(): GovernanceView {
  return { state: initialRunState, calls: new Map(), approvals: new Map(), grants: new Map() };
}

/** Folds a run stream's events (every one: the run fold sees them all) into a governance view. */
export function foldGovernance(
  events: readonly RecordedEvent[],
  view = emptyGovernanceView(),
): GovernanceView {
  const calls = new Map(view.calls);
  const approvals = new Map(view.approvals);
  const grants = new Map(view.grants);
  let state = view.state;
  for (const event of events) {
    const occurredAt = Date.parse(event.meta.occurredAt);
    const history = {
      type: event.type,
      data: event.data,
      revision: event.revision,
      tenant: event.meta.tenant,
    };
    state = evolveRun(state, { ...history, occurredAt } as unknown as RunHistoryEvent);
    applyGovernance({ calls, approvals, grants }, event as unknown as GovernanceEvent, occurredAt);
  }
  return { state, calls, approvals, grants };
}

type GovernanceEvent = ToolCallEvent | ApprovalEvent;

interface Maps {
  readonly calls: Map<string, CallRecord>;
  readonly approvals: Map<string, ApprovalRecord>;
  readonly grants: Map<string, string>;
}

function applyGovernance({ calls, approvals, grants }: Maps, event: GovernanceEvent, at: number): void {
  const setCall = (callId: string, change: Partial<CallRecord>) => {
    const call = calls.get(callId);
    if (call !== undefined) calls.set(callId, { ...call, ...change });
  };
  const setApproval = (approvalId: string, change: Partial<ApprovalRecord>) => {
    const approval = approvals.get(approvalId);
    if (approval !== undefined) approvals.set(approvalId, { ...approval, ...change });
  };
  switch (event.type) {
    case 'ToolCallRequested': {
      const { callId, tool, args, argsDigest, requestedBy } = event.data;
      const record = { callId, tool, args, argsDigest, requestedBy, requestedAt: at, grant: null };
      calls.set(callId, { ...record, status: 'requested' });
      return;
    }
    case 'ToolCallDenied':
      return setCall(event.data.callId, { status: 'denied' });
    case 'ToolCallCompleted':
      return setCall(event.data.callId, { status: 'completed' });
    case 'ToolCallFailed':
      return setCall(event.data.callId, { status: 'failed' });
    case 'ToolGrantIssued': {
      const { callId, grantId, issuedTo, expiresAt } = event.data;
      grants.set(grantId, callId);
      return setCall(callId, {
        status: 'granted',
        grant: { grantId, issuedTo, expiresAt: Date.parse(expiresAt) },
      });
    }
    case 'ApprovalRequested': {
      const { approvalId, callId, argsDigest, policySetVersion, requestedBy } = event.data;
      const expiresAt = Date.parse(event.data.expiresAt);
      const tool = { name: event.data.tool.name, version: event.data.tool.version };
      approvals.set(approvalId, {
        ...{ approvalId, callId, tool, argsDigest, policySetVersion, requestedBy, expiresAt },
        status: 'pending',
        grantExpiresAt: null,
      });
      return setCall(callId, { status: 'awaiting_approval' });
    }
    case 'ApprovalGranted':
      return setApproval(event.data.approvalId, {
        status: 'granted',
        grantExpiresAt: Date.parse(event.data.grantExpiresAt),
      });
    case 'ApprovalDenied':
      return setApproval(event.data.approvalId, { status: 'denied' });
    case 'ApprovalExpired':
      return setApproval(event.data.approvalId, { status: 'expired' });
    case 'ApprovalGrantUsed':
      setApproval(event.data.approvalId, { status: 'used' });
      return setCall(event.data.callId, { status: 'approved' });
    default:
      return;
  }
}
