import { referenceOf } from '../runs/runRecords.js';
import { idempotencyConflict } from '../errors/ledgerErrors.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { differingArguments } from '../events/differingArguments.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent, EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import { requireStartedRun } from '../rollback/rollbackDecider.js';
import { requireActiveRun } from '../runs/runDecider.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import { keyedCommand } from '../commands/commandKeys.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import { decideApproval } from './approvalDecider.js';
import type { ApprovalOutcome, DecideApprovalCommand } from './approvalDecider.js';
import { ApprovalError } from './approvalErrors.js';
import type { ApprovalRefusedData } from './approvalEvents.js';

export interface ApprovalServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly killSwitch?: KillSwitch;
  /** How long an approved grant stays usable (default 15 minutes). */
  readonly grantTtlMs?: number;
  readonly maxAttempts?: number;
}

export interface ApprovalDecisionResult {
  readonly outcome: ApprovalOutcome;
  /** `APPROVED`, `APPROVAL_DENIED`, `APPROVAL_EXPIRED` or an `ApprovalRefusalReason`. */
  readonly reason: string;
  readonly events: readonly AppendedEvent[];
}

export const DEFAULT_GRANT_TTL_MS = 15 * 60_000;

/**
 * Reviewers' decisions on approvals, recorded on the run's stream (see `decideApproval` for what is recorded).
 * Throws, recording nothing: `TENANT_HALTED`; `RUN_NOT_FOUND`; `RUN_NOT_ACTIVE` (a run cancelled, failed or
 * completed while its approval was pending: nothing of it can be granted any more);
 * `APPROVAL_INVALID_COMMAND` (empty or oversized reason, unknown decision); `CONCURRENCY_EXHAUSTED`.
 *
 * With an idempotency key the decision's event ids derive from the key: a retry returns the recorded result
 * (refusals included) and appends nothing; the same key with another approval, decision or reason is
 * `IDEMPOTENCY_CONFLICT`.
 */
export class ApprovalService {
  readonly #deps: ApprovalServiceDependencies;
  readonly #writer: RunStreamWriter;

  constructor(deps: ApprovalServiceDependencies) {
    this.#deps = deps;
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
  }

  async decideApproval(
    command: DecideApprovalCommand,
    origin: GovernedOrigin,
  ): Promise<ApprovalDecisionResult> {
    if (command.decision !== 'approve' && command.decision !== 'reject')
      throw new ApprovalError('APPROVAL_INVALID_COMMAND', 'decision must be approve or reject', {
        decision: String(command.decision),
      });
    if (typeof command.reason !== 'string' || command.reason.trim() === '' || command.reason.length > 4096)
      throw new ApprovalError(
        'APPROVAL_INVALID_COMMAND',
        'reason must be non-empty text of 4096 characters at most',
      );
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('DecideApproval', command.approvalId, origin),
    );
    const written = await this.#writer.write(
      command.runId,
      origin,
      (view, now) => {
        const principal = origin.actor.id;
        const context = { principal, tenant: origin.tenant, now };
        // A rollback's approval may be decided on an ended run (rollbacks undo ended runs too).
        const approval = view.approvals.get(command.approvalId);
        if (approval === undefined || view.calls.has(approval.callId))
          requireActiveRun(command.runId, 'DecideApproval', view, context);
        else requireStartedRun(command.runId, view, origin.tenant);
        const grantTtlMs = this.#deps.grantTtlMs ?? DEFAULT_GRANT_TTL_MS;
        const decided = decideApproval(view, command, { principal, role: origin.role, now, grantTtlMs });
        // A reviewer's decision follows from the approval's request.
        const causationId = view.approvals.get(command.approvalId)?.requestedEventId;
        const events = decided.events.map((event) => ({ ...event, causationId }));
        return { events, value: { outcome: decided.outcome, reason: decided.reason } };
      },
      keyedCommand(this.#deps.ids, origin, 'DecideApproval', command.runId, (recorded) =>
        replayedDecision(command, recorded[0]!),
      ),
    );
    return { ...written.value, events: written.appended.map(referenceOf) };
  }
}

/**
 * What the first event of each decision says of its command: its outcome, and the decision it records by its
 * type (expiries and refusals record neither the decision nor the reviewer's reason, only the approval).
 */
const RECORDED_DECISIONS: Readonly<
  Record<string, { outcome: ApprovalOutcome; reason: string | null; decision: 'approve' | 'reject' | null }>
> = {
  ApprovalGranted: { outcome: 'granted', reason: 'APPROVED', decision: 'approve' },
  ApprovalDenied: { outcome: 'denied', reason: 'APPROVAL_DENIED', decision: 'reject' },
  ApprovalExpired: { outcome: 'expired', reason: 'APPROVAL_EXPIRED', decision: null },
  ApprovalRefused: { outcome: 'refused', reason: null, decision: null },
};

/**
 * The result a keyed decision got the first time, from the first event it appended; IDEMPOTENCY_CONFLICT naming
 * the fields that differ from what that event recorded.
 */
function replayedDecision(
  command: DecideApprovalCommand,
  first: RecordedEvent,
): Omit<ApprovalDecisionResult, 'events'> {
  const recorded = RECORDED_DECISIONS[first.type];
  const { approvalId, decision, reason } = command;
  const args = recorded?.decision === null ? { approvalId } : { approvalId, decision, reason };
  const differing =
    recorded === undefined
      ? ['decision']
      : differingArguments(args, { ...(first.data as object), decision: recorded.decision });
  if (recorded === undefined || differing.length > 0)
    throw idempotencyConflict('idempotency key reused with other arguments for DecideApproval', {
      runId: command.runId,
      command: 'DecideApproval',
      fields: differing,
    });
  const refusal = (first.data as unknown as ApprovalRefusedData).reason;
  return { outcome: recorded.outcome, reason: recorded.reason ?? refusal };
}
