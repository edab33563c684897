import type { ApprovalRecord, CallRecord } from '../runs/runRecords.js';
import type { RunState } from '../runs/runDecider.js';
import type { GrantRefusalReason } from './approvalEvents.js';

/** What a resumed `invokeTool` presents with its approval id. */
export interface PresentedGrant {
  readonly approvalId: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly argsDigest: string;
  readonly presentedBy: string;
}

export type GrantCheck =
  /** `call`: the gated tool call; null when the approval gates no call (a rollback's). */
  | { readonly ok: true; readonly approval: ApprovalRecord; readonly call: CallRecord | null }
  | {
      readonly ok: false;
      readonly reason: GrantRefusalReason;
      readonly callId: string | null;
      readonly message: string;
      readonly expected: string | number | null;
      readonly actual: string | number | null;
    };

/**
 * Whether `presented` may use its approval's grant at `now`: the approval exists on this run, was granted (not
 * pending, denied, expired or already used), its grant has not expired, and it is presented by the requester
 * for exactly the tool and args digest the reviewer saw. The policy set version is checked by the caller, once
 * it has the current decision. Pure.
 */
export function checkGrant(view: RunState, presented: PresentedGrant, now: number): GrantCheck {
  const approval = view.approvals.get(presented.approvalId);
  if (approval === undefined)
    return refuse('GRANT_UNKNOWN', null, `no approval ${presented.approvalId} on this run`);
  const call = view.calls.get(approval.callId) ?? null;
  const { callId } = approval;
  if (approval.status === 'used')
    return refuse('GRANT_USED', callId, 'the grant was already used', 'unused', 'used');
  if (approval.status !== 'granted')
    return refuse(
      'GRANT_NOT_GRANTED',
      callId,
      `the approval is ${approval.status}`,
      'granted',
      approval.status,
    );
  if (approval.grantExpiresAt !== null && now > approval.grantExpiresAt)
    return refuse(
      'GRANT_EXPIRED',
      callId,
      'the grant has expired',
      new Date(approval.grantExpiresAt).toISOString(),
      new Date(now).toISOString(),
    );
  if (presented.presentedBy !== approval.requestedBy)
    return refuse(
      'GRANT_NOT_REQUESTER',
      callId,
      'only the requester may use the grant',
      approval.requestedBy,
      presented.presentedBy,
    );
  const [expectedTool, actualTool] = [toolText(approval.tool), toolText(presented.tool)];
  if (expectedTool !== actualTool)
    return refuse('TOOL_MISMATCH', callId, 'the grant is for another tool', expectedTool, actualTool);
  if (presented.argsDigest !== approval.argsDigest)
    return refuse(
      'ARGS_MISMATCH',
      callId,
      'the args differ from those approved',
      approval.argsDigest,
      presented.argsDigest,
    );
  return { ok: true, approval, call };
}

function toolText(tool: { readonly name: string; readonly version: string }): string {
  return `${tool.name}@${tool.version}`;
}

function refuse(
  reason: GrantRefusalReason,
  callId: string | null,
  message: string,
  expected: string | number | null = null,
  actual: string | number | null = null,
): GrantCheck {
  return { ok: false, reason, callId, message, expected, actual };
}
