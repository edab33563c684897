import type { RunState } from '../runs/runDecider.js';
import type { ToolResultRefusalReason } from './toolCallEvents.js';

/** What `recordToolResult` presents. */
export interface ReportedResult {
  readonly callId: string;
  readonly grantId: string;
  readonly reportedBy: string;
}

/**
 * Why a reported result is refused, or null when the grant admits it: the call exists on this run, the grant was
 * issued for that very call, the call has no outcome yet (a grant is used once), the reporter is the grantee, and
 * the grant has not expired. Pure.
 */
export function toolResultRefusal(
  view: RunState,
  reported: ReportedResult,
  now: number,
): { readonly reason: ToolResultRefusalReason; readonly message: string } | null {
  const call = view.calls.get(reported.callId);
  if (call === undefined)
    return { reason: 'CALL_UNKNOWN', message: `no call ${reported.callId} on this run` };
  const grantedFor = view.grants.get(reported.grantId);
  if (grantedFor === undefined) return { reason: 'GRANT_UNKNOWN', message: `no grant ${reported.grantId}` };
  if (grantedFor !== reported.callId)
    return { reason: 'GRANT_OTHER_CALL', message: `grant ${reported.grantId} is for another call` };
  if (call.status !== 'granted' || call.grant === null)
    return { reason: 'GRANT_USED', message: `the call is already ${call.status}` };
  if (call.grant.issuedTo !== reported.reportedBy)
    return { reason: 'NOT_GRANTEE', message: `the grant was issued to ${call.grant.issuedTo}` };
  if (now > call.grant.expiresAt)
    return {
      reason: 'GRANT_EXPIRED',
      message: `the grant expired at ${new Date(call.grant.expiresAt).toISOString()}`,
    };
  return null;
}
