import type { Role } from '../access/roles.js';
import type { ApprovalGrantRefusedData, ApprovalRequestedData } from '../approvals/approvalEvents.js';
import { checkGrant } from '../approvals/grantCheck.js';
import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { differingArguments } from '../events/differingArguments.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { readWholeStream } from '../commands/wholeStreamSource.js';
import { keyedCommand } from '../commands/commandKeys.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent, EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import { RUN_STREAM_PREFIX, runStream } from '../runs/runEvents.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { RunState } from '../runs/runDecider.js';
import type { Digester, GovernedOrigin } from '../toolCalls/ports.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import type { ToolCallService, ToolPolicyGate } from '../toolCalls/toolCallService.js';
import { runCompensation } from './compensationRunner.js';
import { decideRollbackEnd, decideRollbackStart, needsPolicy, requireStartedRun } from './rollbackDecider.js';
import type { CompensationOutcome, RollbackRunCommand, RollbackStart } from './rollbackDecider.js';
import { RollbackError } from './rollbackErrors.js';
import type { RollbackRefusedData, RollbackStartedData, RunRollbackFailedData } from './rollbackEvents.js';
import { rollbackHistoryOf } from './rollbackHistory.js';
import { planRollback } from './rollbackPlanner.js';
import { ROLLBACK_POLICY_TOOL, rollbackArgs, rollbackPolicyRequest } from './rollbackPolicy.js';
import { endResult, grantRefusedResult, pendingResult, refusedResult } from './rollbackResult.js';
import type { RollbackResult } from './rollbackResult.js';
import { validRollbackCommand } from './rollbackValidation.js';
import { findUnfinishedRollbacks } from './unfinishedRollbacks.js';

export interface RollbackServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly digester: Digester;
  readonly policies: Pick<ToolPolicyGate, 'decide'>;
  /** Compensations are ordinary governed calls (schema, rate limit, policy, recorded like any call). */
  readonly toolCalls: Pick<ToolCallService, 'invokeTool'>;
  /** Default `NO_KILL_SWITCH`. */
  readonly killSwitch?: KillSwitch;
  /** How long a reviewer has to decide a gated rollback (default 15 minutes, like gated calls). */
  readonly approvalTtlMs?: number;
  /** Appends retried after another writer moved the run (default 5). */
  readonly maxAttempts?: number;
}

const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;

/** What the start write decided, or what a keyed retry finds recorded. */
type Started = RollbackStart | { readonly kind: 'replayed'; readonly recorded: readonly RecordedEvent[] };

/**
 * Rolls runs back by compensating events, never deletion. `rollbackRun`: plan from the run's recorded history
 * (`planRollback`), ask policy (`rollbackRun`), record `RollbackStarted`, run each compensation through the
 * governed tool-call path (`runCompensation`), then record one `MemoryUnapplied` per memory and the end
 * (`RunRolledBack` or `RunRollbackFailed`).
 *
 * - Thrown, nothing recorded: `ROLLBACK_INVALID_COMMAND`, `RUN_NOT_FOUND`, `ROLLBACK_POINT_NOT_FOUND`,
 *   `TENANT_HALTED` (its refusal recorded by the kill switch), `IDEMPOTENCY_CONFLICT`.
 * - Thrown after recording `RollbackRefused`: `ROLLBACK_IN_PROGRESS` (details `refusalEventId`).
 * - Answered: `nothing_to_roll_back` (nothing recorded); `denied` (policy: `RollbackRefused`; a refused grant:
 *   `ApprovalGrantRefused`); `pending_approval` (`ApprovalRequested`: a reviewer decides with `decideApproval`,
 *   then the caller sends the same rollback with `approvalId`); `rolled_back` / `rollback_failed`.
 * - With an idempotency key the rollback id and the first event's id derive from it: a retry returns the recorded
 *   answer; a retry of a rollback that never ended (crash) resumes it. `resumeUnfinished` does so at start.
 * - A compensation requested but without a recorded outcome (the process died while it executed) is never run
 *   again: the rollback ends `rollback_failed` naming it `interrupted` (its effect is unknown).
 */
export class RollbackService {
  readonly #deps: RollbackServiceDependencies;
  readonly #writer: RunStreamWriter;

  constructor(deps: RollbackServiceDependencies) {
    this.#deps = deps;
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
  }

  async rollbackRun(command: RollbackRunCommand, origin: GovernedOrigin): Promise<RollbackResult> {
    validRollbackCommand(command);
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('RollbackRun', command.runId, origin),
    );
    const keyed = keyedCommand<Started>(this.#deps.ids, origin, 'RollbackRun', command.runId, (recorded) => ({
      kind: 'replayed',
      recorded,
    }));
    const written = await this.#writer.write(
      command.runId,
      origin,
      async (view, now) => {
        const start = await this.#decideStart(command, origin, view, now);
        return { events: startEvents(start), value: start as Started };
      },
      keyed,
    );
    return this.#after(command, written.value, written.appended, origin);
  }

  /**
   * Resumes every rollback begun and not ended (the process stopped during it), one after another: what a server
   * does as it starts. Returns the answers, in ledger order.
   */
  async resumeUnfinished(): Promise<RollbackResult[]> {
    const results: RollbackResult[] = [];
    for (const started of await findUnfinishedRollbacks(this.#deps.log))
      results.push(await this.resume(started.stream.slice(RUN_STREAM_PREFIX.length), started));
    return results;
  }

  /** Resumes one rollback begun and not ended, as the principal who started it (same role, same call ids). */
  async resume(runId: string, started: RecordedEvent): Promise<RollbackResult> {
    const data = started.data as unknown as RollbackStartedData;
    const origin: GovernedOrigin = {
      tenant: started.meta.tenant,
      actor: started.meta.actor,
      role: data.role as Role,
      correlationId: started.meta.correlationId,
    };
    return this.#execute(runId, data, origin, []);
  }

  /** Gathers the inputs (history, plan, grant, policy decision), then decides with the pure `decideRollbackStart`. */
  async #decideStart(
    command: RollbackRunCommand,
    origin: GovernedOrigin,
    view: RunState,
    now: number,
  ): Promise<RollbackStart> {
    const { runId, point } = command;
    requireStartedRun(runId, view, origin.tenant);
    const history = rollbackHistoryOf(view);
    const plan = planRollback(history, point);
    const argsDigest = this.#deps.digester.digest(rollbackArgs(runId, point));
    const presented = { tool: ROLLBACK_POLICY_TOOL, argsDigest, presentedBy: origin.actor.id };
    const grant =
      command.approvalId === undefined
        ? null
        : checkGrant(view, { ...presented, approvalId: command.approvalId }, now);
    const approved = grant?.ok === true;
    const request = { runId, state: view, point, plan, argsDigest, approved };
    const decision =
      needsPolicy(history, plan) && grant?.ok !== false
        ? await this.#deps.policies.decide(rollbackPolicyRequest(request, origin))
        : null;
    const rollbackId = approved ? grant.approval.callId : this.#rollbackId(command, origin);
    const expiresAt = new Date(now + (this.#deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS)).toISOString();
    const newApproval = { approvalId: this.#deps.ids.newId(), expiresAt };
    const input = { rollbackId, command, state: view, history, plan, decision, argsDigest, grant };
    return decideRollbackStart({ ...input, newApproval }, origin);
  }

  /** A keyed rollback's id derives from the key (per tenant, actor and run); otherwise a fresh one. */
  #rollbackId(command: RollbackRunCommand, origin: GovernedOrigin): string {
    const key = origin.idempotencyKey;
    if (key === undefined) return this.#deps.ids.newId();
    const actor = `${origin.actor.kind}:${origin.actor.id}`;
    return this.#deps.ids.fromKey(`rollback\n${origin.tenant}\n${actor}\n${key}\n${command.runId}`);
  }

  async #after(
    command: RollbackRunCommand,
    start: Started,
    appended: readonly AppendedEvent[],
    origin: GovernedOrigin,
  ): Promise<RollbackResult> {
    switch (start.kind) {
      case 'nothing': {
        const { pointPosition } = start;
        return { outcome: 'nothing_to_roll_back', runId: command.runId, pointPosition, events: [] };
      }
      case 'refused':
        return refusedResult(start.refused, appended);
      case 'grant_refused':
        return grantRefusedResult(start.refused, appended);
      case 'pending_approval':
        return pendingResult(start.requested, appended);
      case 'started':
        return this.#execute(command.runId, start.started, origin, appended);
      case 'replayed':
        return this.#replay(command, start.recorded, origin);
    }
  }

  /** A keyed retry: the recorded answer, the recorded end, or — never ended — the rollback resumed. */
  async #replay(
    command: RollbackRunCommand,
    recorded: readonly RecordedEvent[],
    origin: GovernedOrigin,
  ): Promise<RollbackResult> {
    const first = recorded[0]!;
    const argsDigest = this.#deps.digester.digest(rollbackArgs(command.runId, command.point));
    const fields =
      first.type === 'RollbackStarted' || first.type === 'RollbackRefused'
        ? differingArguments({ point: command.point }, first.data)
        : differingArguments({ argsDigest }, first.data);
    if (fields.length > 0)
      throw idempotencyConflict('idempotency key reused with other arguments for RollbackRun', {
        runId: command.runId,
        command: 'RollbackRun',
        fields,
      });
    if (first.type === 'RollbackRefused')
      return refusedResult(first.data as unknown as RollbackRefusedData, []);
    if (first.type === 'ApprovalRequested')
      return pendingResult(first.data as unknown as ApprovalRequestedData, []);
    if (first.type === 'ApprovalGrantRefused')
      return grantRefusedResult(first.data as unknown as ApprovalGrantRefusedData, []);
    const started = recorded.find((event) => event.type === 'RollbackStarted')!
      .data as unknown as RollbackStartedData;
    const end = await this.#recordedEnd(command.runId, started.rollbackId);
    if (end === null) return this.#execute(command.runId, started, origin, []);
    return endResult(started, end, []);
  }

  async #recordedEnd(runId: string, rollbackId: string): Promise<RecordedEnd | null> {
    const events = await readWholeStream(this.#deps.log, runStream(runId));
    const end = events.find(
      (event) =>
        (event.type === 'RunRolledBack' || event.type === 'RunRollbackFailed') &&
        (event.data as { rollbackId?: unknown }).rollbackId === rollbackId,
    );
    return end === undefined ? null : { type: end.type, data: end.data as unknown as RunRollbackFailedData };
  }

  /** Runs the planned compensations in order, then records the memories un-applied and the end. */
  async #execute(
    runId: string,
    started: RollbackStartedData,
    origin: GovernedOrigin,
    before: readonly AppendedEvent[],
  ): Promise<RollbackResult> {
    const outcomes: CompensationOutcome[] = [];
    const events: AppendedEvent[] = [...before];
    for (const planned of started.plan.compensations) {
      const ran = await runCompensation(this.#deps.toolCalls, runId, started.rollbackId, planned, origin);
      outcomes.push(ran.outcome);
      events.push(...ran.appended);
    }
    const written = await this.#writer.write(runId, origin, (view) => {
      const ending = decideRollbackEnd(view, started, outcomes);
      const end = ending.at(-1);
      return { events: ending, value: end === undefined ? null : (end as RecordedEnd) };
    });
    events.push(...written.appended);
    const end = written.value ?? (await this.#recordedEnd(runId, started.rollbackId));
    if (end === null)
      throw new RollbackError('ROLLBACK_IN_PROGRESS', `rollback ${started.rollbackId} has no end`, {
        runId,
        rollbackId: started.rollbackId,
      });
    return endResult(started, end, events);
  }
}

interface RecordedEnd {
  readonly type: string;
  readonly data: RunRollbackFailedData;
}

function startEvents(start: RollbackStart): { type: string; data: object }[] {
  switch (start.kind) {
    case 'refused':
      return [{ type: 'RollbackRefused', data: start.refused }];
    case 'grant_refused':
      return [{ type: 'ApprovalGrantRefused', data: start.refused }];
    case 'pending_approval':
      return [{ type: 'ApprovalRequested', data: start.requested }];
    case 'started': {
      const used = start.grantUsed === null ? [] : [{ type: 'ApprovalGrantUsed', data: start.grantUsed }];
      return [...used, { type: 'RollbackStarted', data: start.started }];
    }
    case 'nothing':
      return [];
  }
}
