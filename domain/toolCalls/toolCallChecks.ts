import type { JsonValue } from '../events/json.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { CommandContext } from '../runs/runCommands.js';
import type { RunState } from '../runs/runDecider.js';
import { budgetOverrun } from '../runs/runBudget.js';
import { requireActiveRun } from '../runs/runDecider.js';
import { decideRateLimit } from '../tools/rateLimiter.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { ToolCallDenialReason } from './toolCallEvents.js';

/** A refusal found before policy is consulted. `counted`: whether the request is recorded (and counts). */
export interface EarlyDenial {
  readonly reason: ToolCallDenialReason;
  readonly message: string;
  readonly details: { readonly [key: string]: JsonValue };
  readonly counted: boolean;
}

/**
 * Refuses (typed `RunError`, nothing recorded) a call on a run that is missing, another tenant's, or ended. A
 * compensating call of the run's rollback in progress (`compensates.rollbackId` is the run's `rollingBack`) is the
 * exception: a rollback undoes the work of active and ended runs alike.
 */
export function requireRunForCall(
  runId: string,
  state: RunState,
  context: CommandContext,
  compensates?: { readonly rollbackId: string },
): void {
  const rollingBack = state.rollingBack !== null && state.tenant === context.tenant;
  if (rollingBack && compensates?.rollbackId === state.rollingBack) return;
  requireActiveRun(runId, 'InvokeTool', state, context);
}

/**
 * The run's budgets (tool calls, wall time) then the tool's rate limit. Budget refusals are recorded without a
 * `ToolCallRequested` (a refused call must not count against the budget it exceeds) and end the run (the
 * service appends `budgetEnd` after the `ToolCallDenied`); a rate-limited call is
 * requested, then denied. `rateTimes`: the times of the tenant's other calls of this tool version that count
 * (`TenantRateWindow`): a limit protects what the tool reaches, so it spans every run of the tenant.
 * `budgeted` false (a rollback's compensation): the run's budgets do not apply, undoing is never refused for them.
 */
export function budgetAndRateDenial(
  view: RunState,
  tool: RegisteredTool,
  now: number,
  rateTimes: readonly number[],
  budgeted = true,
): EarlyDenial | null {
  const overrun = budgeted ? budgetOverrun(view, 'toolCalls', now) : null;
  if (overrun !== null) {
    const { budget, limit, actual } = overrun;
    const message =
      budget === 'wallTime' ? `the run ran past its ${limit} ms` : `the run has used its ${limit} tool calls`;
    return { reason: 'RUN_BUDGET_EXCEEDED', message, details: { budget, limit, actual }, counted: false };
  }
  const rate = decideRateLimit(rateTimes, tool.rateLimit, now);
  if (rate.allowed) return null;
  return {
    reason: 'TOOL_RATE_LIMITED',
    message: `${tool.name}@${tool.version} is rate limited for this tenant`,
    details: { retryAfterMs: rate.retryAfterMs, calls: tool.rateLimit!.calls, perMs: tool.rateLimit!.perMs },
    counted: true,
  };
}

/** How many of the run's approvals wait for a reviewer at `now` (past their deadline: expired, not counted). */
export function pendingApprovalsOf(view: RunState, now: number): number {
  let pending = 0;
  for (const approval of view.approvals.values())
    if (approval.status === 'pending' && now <= approval.expiresAt) pending++;
  return pending;
}

/**
 * The refusal of a gated call when `pending` approvals of the run or tenant (`scope`) already wait, `limit` being
 * the cap. Recorded after the policy decision that asked for the approval (it counts like a policy deny).
 */
export function approvalQueueFull(scope: 'run' | 'tenant', limit: number, pending: number): EarlyDenial {
  return {
    reason: 'APPROVAL_QUEUE_FULL',
    message: `the ${scope} already has ${pending} approvals waiting for a reviewer, its cap is ${limit}`,
    details: { scope, limit, pending },
    counted: true,
  };
}

/** The recorded denial of a call policy denied: the determining policies, version and input digest. */
export function policyDenial(decision: PolicyDecision): EarlyDenial {
  const reason: ToolCallDenialReason = 'POLICY_DENIED';
  return {
    reason,
    message: decision.reasons.join('; ') || 'denied by policy',
    details: {
      determiningPolicies: [...decision.determiningPolicies],
      policySetVersion: decision.policySetVersion,
      inputDigest: decision.inputDigest,
    },
    counted: true,
  };
}
