import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { hasErrorCode, isMirError } from '../errors/mirError.js';
import { differingArguments } from '../events/differingArguments.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { readWholeStream } from '../memory/memoryHistory.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent, EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import { RUN_STREAM_PREFIX, runStream } from '../runs/runEvents.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { Digester, GovernedOrigin } from '../toolCalls/ports.js';
import { keyedWrite, RunStreamWriter } from '../toolCalls/runStreamWriter.js';
import type { ToolCallService, ToolPolicyGate } from '../toolCalls/toolCallService.js';
import type { Role } from '../access/roles.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import { decideRollbackEnd, decideRollbackStart, needsPolicy, requireStartedRun } from './rollbackDecider.js';
import type { CompensationOutcome, RollbackRunCommand, RollbackStart } from './rollbackDecider.js';
import { RollbackError } from './rollbackErrors.js';
import type {
  PlannedCompensation,
  RollbackPlan,
  RollbackRefusedData,
  RollbackStartedData,
  RunRollbackFailedData,
} from './rollbackEvents.js';
import { foldRollbackHistory } from './rollbackHistory.js';
import { planRollback } from './rollbackPlanner.js';
import { findUnfinishedRollbacks } from './unfinishedRollbacks.js';
import { rollbackArgs, rollbackPolicyRequest } from './rollbackPolicy.js';
import type { RollbackResult } from './rollbackResult.js';
import { validRollbackCommand } from './rollbackValidation.js';

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
  /** Appends retried after another writer moved the run (default 5). */
  readonly maxAttempts?: number;
}

/** What the start write decided, or the first event a keyed retry finds recorded. */
type Started = RollbackStart | { readonly kind: 'replayed'; readonly first: RecordedEvent };

/**
 * Rolls runs back by compensating events, never deletion. `rollbackRun`: plan from the run's recorded history
 * (`planRollback`), ask policy (`rollbackRun`), record `RollbackStarted`, run each compensation through the
 * governed tool-call path (`ToolCallService`, call id derived from the rollback and the compensated call), then
 * record one `MemoryUnapplied` per memory and the end (`RunRolledBack` or `RunRollbackFailed`).
 *
 * - Thrown, nothing recorded: `ROLLBACK_INVALID_COMMAND`, `RUN_NOT_FOUND`, `ROLLBACK_POINT_NOT_FOUND`,
 *   `TENANT_HALTED` (its refusal recorded by the kill switch), `IDEMPOTENCY_CONFLICT`.
 * - Thrown after recording `RollbackRefused`: `ROLLBACK_IN_PROGRESS` (details `refusalEventId`).
 * - Answered: `nothing_to_roll_back` (nothing recorded), `denied` (policy; `RollbackRefused` recorded),
 *   `rolled_back` / `rollback_failed`.
 * - With an idempotency key the rollback id and the first event's id derive from it: a retry returns the recorded
 *   answer; a retry of a rollback that never ended (crash) resumes it. `resume` does the same for any run.
 * - A compensation whose request was recorded but whose outcome was not (the process died while it executed) is
 *   never run again: the rollback ends `rollback_failed` naming it `interrupted` (its effect is unknown).
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
    const rollbackId =
      origin.idempotencyKey === undefined
        ? this.#deps.ids.newId()
        : this.#deps.ids.fromKey(
            `rollback\n${origin.tenant}\n${origin.actor.kind}:${origin.actor.id}\n${origin.idempotencyKey}\n${command.runId}`,
          );
    const keyed = keyedWrite<Started>(this.#deps.ids, origin, 'RollbackRun', command.runId, (recorded) => ({
      kind: 'replayed',
      first: recorded[0]!,
    }));
    const written = await this.#writer.write(
      command.runId,
      origin,
      async (view) => {
        requireStartedRun(command.runId, view.state, origin.tenant);
        const events = (await readWholeStream(this.#deps.log, runStream(command.runId))).filter(
          (event) => event.revision <= (view.state.revision ?? -1),
        );
        const history = foldRollbackHistory(events);
        const plan = planRollback(history, command.point);
        const decision = needsPolicy(history, plan)
          ? await this.#decide(command, view.state, plan, origin)
          : null;
        const start = decideRollbackStart(
          { rollbackId, command, state: view.state, history, plan, decision },
          origin,
        );
        return { events: startEvents(start), value: start as Started };
      },
      keyed,
    );
    return this.#after(command, written.value, written.appended, origin);
  }

  /**
   * Resumes every rollback begun and not ended (the process stopped during it), one after another: what a server
   * does as it starts. Compensations whose outcome is recorded are not run again; one requested without an
   * outcome is reported `interrupted` (see the class doc). Returns the answers, in ledger order.
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

  async #decide(
    command: RollbackRunCommand,
    state: RunState,
    plan: RollbackPlan,
    origin: GovernedOrigin,
  ): Promise<PolicyDecision> {
    const argsDigest = this.#deps.digester.digest(rollbackArgs(command.runId, command.point));
    const { runId, point } = command;
    const input = { runId, state, point, plan, argsDigest, approved: false };
    return this.#deps.policies.decide(rollbackPolicyRequest(input, origin));
  }

  async #after(
    command: RollbackRunCommand,
    start: Started,
    appended: readonly AppendedEvent[],
    origin: GovernedOrigin,
  ): Promise<RollbackResult> {
    switch (start.kind) {
      case 'nothing':
        return {
          outcome: 'nothing_to_roll_back',
          runId: command.runId,
          pointPosition: start.pointPosition,
          events: [],
        };
      case 'refused':
        return refusedResult(start.refused, appended);
      case 'started':
        return this.#execute(command.runId, start.started, origin, appended);
      case 'replayed':
        return this.#replay(command, start.first, origin);
    }
  }

  /** A keyed retry: the recorded refusal, the recorded end, or — never ended — the rollback resumed. */
  async #replay(
    command: RollbackRunCommand,
    first: RecordedEvent,
    origin: GovernedOrigin,
  ): Promise<RollbackResult> {
    const data = first.data as unknown as RollbackStartedData | RollbackRefusedData;
    const fields = differingArguments(
      { point: command.point, ...(first.type === 'RollbackStarted' ? { reason: command.reason } : {}) },
      data as never,
    );
    if (fields.length > 0)
      throw idempotencyConflict('idempotency key reused with other arguments for RollbackRun', {
        runId: command.runId,
        command: 'RollbackRun',
        fields,
      });
    if (first.type === 'RollbackRefused') return refusedResult(data as RollbackRefusedData, []);
    const started = data as RollbackStartedData;
    const end = await this.#recordedEnd(command.runId, started.rollbackId);
    if (end === null) return this.#execute(command.runId, started, origin, []);
    return endResult(started, end.data as unknown as RunRollbackFailedData, end.type, []);
  }

  async #recordedEnd(runId: string, rollbackId: string): Promise<RecordedEvent | null> {
    const events = await readWholeStream(this.#deps.log, runStream(runId));
    const ends = events.filter(
      (event) =>
        (event.type === 'RunRolledBack' || event.type === 'RunRollbackFailed') &&
        (event.data as { rollbackId?: unknown }).rollbackId === rollbackId,
    );
    return ends[0] ?? null;
  }

  async #execute(
    runId: string,
    started: RollbackStartedData,
    origin: GovernedOrigin,
    before: readonly AppendedEvent[],
  ): Promise<RollbackResult> {
    const outcomes: CompensationOutcome[] = [];
    const events: AppendedEvent[] = [...before];
    for (const planned of started.plan.compensations) {
      const { outcome, appended } = await this.#compensate(runId, started.rollbackId, planned, origin);
      outcomes.push(outcome);
      events.push(...appended);
    }
    const written = await this.#writer.write(runId, origin, (view) => {
      const ending = decideRollbackEnd(view.state, started, outcomes);
      return { events: ending, value: ending.at(-1) ?? null };
    });
    events.push(...written.appended);
    const end = written.value ?? (await this.#recordedEnd(runId, started.rollbackId));
    if (end === null)
      throw new RollbackError('ROLLBACK_IN_PROGRESS', `rollback ${started.rollbackId} has no end`, {
        runId,
        rollbackId: started.rollbackId,
      });
    return endResult(started, end.data as unknown as RunRollbackFailedData, end.type, events);
  }

  /** Runs one compensation as a governed call; its id derives from the rollback and the compensated call. */
  async #compensate(
    runId: string,
    rollbackId: string,
    planned: PlannedCompensation,
    origin: GovernedOrigin,
  ): Promise<{ outcome: CompensationOutcome; appended: readonly AppendedEvent[] }> {
    const { callId, compensation } = planned;
    const compensationOrigin: GovernedOrigin = {
      ...origin,
      idempotencyKey: `rollback ${rollbackId} compensates ${callId}`,
      correlationId: origin.correlationId ?? rollbackId,
    };
    const call = {
      runId,
      tool: compensation.tool,
      version: compensation.version,
      args: compensation.args,
      compensates: { rollbackId, callId },
    };
    try {
      const result = await this.#deps.toolCalls.invokeTool(call, compensationOrigin);
      if (result.outcome === 'completed')
        return { outcome: { ok: true, callId, compensationCallId: result.callId }, appended: result.events };
      const reason = 'reason' in result ? result.reason : result.outcome;
      const message = 'message' in result ? result.message : `the compensation is ${result.outcome}`;
      const problem = {
        ok: false as const,
        callId,
        compensationCallId: result.callId,
        outcome: result.outcome,
        reason,
        message,
      };
      return { outcome: problem, appended: result.events };
    } catch (error) {
      if (!isMirError(error)) throw error;
      const interrupted = hasErrorCode(error, 'TOOL_CALL_IN_PROGRESS');
      const compensationCallId = typeof error.details.callId === 'string' ? error.details.callId : null;
      const message = interrupted
        ? 'the process stopped while the compensation executed: its effect is unknown, so it is not run again'
        : error.message;
      const outcome = interrupted ? 'interrupted' : 'error';
      return {
        outcome: { ok: false, callId, compensationCallId, outcome, reason: error.code, message },
        appended: [],
      };
    }
  }
}

function startEvents(start: RollbackStart): { type: string; data: object }[] {
  if (start.kind === 'refused') return [{ type: 'RollbackRefused', data: start.refused }];
  if (start.kind === 'started') return [{ type: 'RollbackStarted', data: start.started }];
  return [];
}

function refusedResult(refused: RollbackRefusedData, events: readonly AppendedEvent[]): RollbackResult {
  const { rollbackId, reason, message, details } = refused;
  if (reason === 'ROLLBACK_IN_PROGRESS')
    throw new RollbackError('ROLLBACK_IN_PROGRESS', message, {
      ...details,
      refusalEventId: events[0]?.id ?? null,
    });
  return { outcome: 'denied', rollbackId, reason, message, details, events };
}

function endResult(
  started: RollbackStartedData,
  end: RunRollbackFailedData,
  type: string,
  events: readonly AppendedEvent[],
): RollbackResult {
  return {
    outcome: type === 'RunRolledBack' ? 'rolled_back' : 'rollback_failed',
    rollbackId: started.rollbackId,
    pointPosition: started.plan.pointPosition,
    compensated: end.compensated,
    failed: end.failed ?? [],
    unapplied: started.plan.unapply,
    leftBehind: started.plan.leftBehind,
    events,
  };
}
