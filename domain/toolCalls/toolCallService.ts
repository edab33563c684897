import { referenceOf } from '../runs/runRecords.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { PolicyDecision, PolicyRequest } from '../policies/policyRequest.js';
import { RunError } from '../runs/runErrors.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { SchemaValidator } from '../tools/schemaValidator.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { ToolExecutor } from '../tools/toolExecutor.js';
import type { ToolCatalog } from '../tools/toolRegistry.js';
import { approvedPolicyInput, checkPresentedGrant, decideApprovedCall } from './approvedCall.js';
import type { ApprovedCallFacts } from './approvedCall.js';
import { decideToolCall, newCallPolicyInput, refusalBeforePolicy } from './toolCallDecider.js';
import type { CallAllowances, ToolCallFacts, ToolCallNext } from './toolCallDecider.js';
import type { Digester, GovernedOrigin, RiskScore, RiskScorer } from './ports.js';
import { requireRunForCall } from './toolCallChecks.js';
import type { ToolResultRefusedData } from './toolCallEvents.js';
import { executeAndRecord, settle } from './toolExecution.js';
import type { CallSettlement, ExecutionDependencies } from './toolExecution.js';
import { toolResultRefusal } from './toolResultDecider.js';
import { riskText, toolPolicyRequest } from './toolCallPolicy.js';
import type { ToolCallResult, ToolResultOutcome } from './toolCallResult.js';
import { keyedCommand, keyedId } from '../commands/commandKeys.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import { replayedToolResult } from './keyedResultReplay.js';
import { replayKeyedCall } from './keyedCallReplay.js';
import { RunEndWatch } from './runEndWatch.js';
import { TenantRateWindow } from './tenantRateWindow.js';
import type { RateSlot } from './tenantRateWindow.js';
import type { CallRecord } from '../runs/runRecords.js';
import type { RunState } from '../runs/runDecider.js';
import { ApprovalQueue } from '../approvals/approvalQueue.js';
import { DEFAULT_APPROVAL_LIMITS, PendingApprovalSlots } from '../approvals/pendingApprovalSlots.js';
import type { ApprovalLimits } from '../approvals/pendingApprovalSlots.js';
import { ApprovalRoom } from './approvalRoom.js';
import type { CommandDecision } from '../commands/commandHandler.js';

export interface InvokeToolCommand {
  readonly runId: string;
  readonly tool: string;
  readonly version: string;
  readonly args: JsonValue;
  /** Resume a call a reviewer approved: the grant must match these exact args and the current policy version. */
  readonly approvalId?: string;
  /**
   * Set by rollback only: this call compensates `callId` for the run's rollback in progress `rollbackId`. It is
   * accepted on a run that is rolling back (even an ended one), is not held to the run's budgets, and its
   * `ToolCallRequested` carries the link. Everything else (schema, rate limit, policy, approval) applies.
   */
  readonly compensates?: { readonly rollbackId: string; readonly callId: string };
}

/** The policy decision point the service consults (`PolicyService` is one). */
export interface ToolPolicyGate {
  decide(request: PolicyRequest): Promise<PolicyDecision>;
  /** The tenant's current policy set (its version is recorded on refusals made before policy is asked). */
  current(tenant: string): Promise<{ readonly version: number } | null>;
}

/** What the app reports for an app-executed call it holds a grant for. */
export interface RecordToolResultCommand {
  readonly runId: string;
  readonly callId: string;
  readonly grantId: string;
  readonly outcome: { readonly output: JsonValue } | { readonly error: string };
}

export interface ToolCallServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly tools: ToolCatalog;
  readonly schemas: SchemaValidator;
  readonly executor: ToolExecutor;
  readonly policies: ToolPolicyGate;
  readonly digester: Digester;
  /** Absent, or failing: calls are decided with a null risk score (recorded as such). */
  readonly riskScorer?: RiskScorer;
  /** Default `NO_KILL_SWITCH`. */
  readonly killSwitch?: KillSwitch;
  /** How long a reviewer has to decide a gated call (default 15 minutes). */
  readonly approvalTtlMs?: number;
  /** Caps on pending approvals, per run and per tenant (default `DEFAULT_APPROVAL_LIMITS`: 32 and 1,000). */
  readonly approvalLimits?: ApprovalLimits;
  /** The reviewers' queue the tenant cap counts in (default: one of its own over `log`). */
  readonly approvalQueue?: ApprovalQueue;
  /** How long an app-executed call's grant stays usable (default 15 minutes). */
  readonly toolGrantTtlMs?: number;
  /** Appends retried after another writer moved the run (default 5). */
  readonly maxAttempts?: number;
}

export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;
export const DEFAULT_TOOL_GRANT_TTL_MS = 15 * 60_000;

/** What a decision leaves to do after its append: run the tool, nothing, or answer a keyed retry. */
type Next = ToolCallNext | { readonly execute: false; readonly replay: CallRecord };

/**
 * Governed tool calls: kill switch → tool lookup → args against the input schema → run active and within budget →
 * rate limit → risk score → policy, then the evidence on the run's stream and, when allowed, execution.
 *
 * - Recorded refusals come back as results (`denied`, `grant_refused`): unknown tool or version, invalid args,
 *   rate limit (`ToolCallRequested` + `ToolCallDenied`), budget (`ToolCallDenied` then the run's `RunFailed`: a
 *   call over budget ends the run), policy deny, and a gated call beyond the cap of pending approvals of its run
 *   or tenant (`APPROVAL_QUEUE_FULL`, details `scope`, `limit`, `pending`) (`ToolCallRequested` +
 *   `PolicyDecided` + `ToolCallDenied`).
 * - Thrown errors mean nothing was recorded: `TENANT_HALTED`, `RUN_NOT_FOUND` (missing or another tenant's run),
 *   `RUN_NOT_ACTIVE` (ended, e.g. cancelled while an approval was pending), `CONCURRENCY_EXHAUSTED`,
 *   `POLICY_REQUEST_INVALID`, ledger errors.
 * - With an idempotency key the call id derives from the key: a retry returns the recorded result and neither
 *   runs nor appends anything (`TOOL_CALL_IN_PROGRESS` while the first has no outcome yet; other args with the
 *   same key are `IDEMPOTENCY_CONFLICT`). Resuming with an approval id is not keyed: a second resume meets the used
 *   grant and is refused (`GRANT_USED`), recorded.
 */
export class ToolCallService {
  readonly #deps: ToolCallServiceDependencies;
  readonly #writer: RunStreamWriter;
  readonly #execution: ExecutionDependencies;
  readonly #rates: TenantRateWindow;
  readonly #runEnds: RunEndWatch;
  readonly #limits: ApprovalLimits;
  readonly #approvalSlots: PendingApprovalSlots;

  constructor(deps: ToolCallServiceDependencies) {
    this.#deps = deps;
    this.#limits = deps.approvalLimits ?? DEFAULT_APPROVAL_LIMITS;
    this.#approvalSlots = new PendingApprovalSlots(
      deps.approvalQueue ?? new ApprovalQueue(deps.log),
      this.#limits.perTenant,
    );
    this.#rates = new TenantRateWindow(deps.log);
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
    this.#runEnds = new RunEndWatch(deps.log);
    this.#execution = { ...deps, writer: this.#writer, runEnds: this.#runEnds };
  }

  async invokeTool(command: InvokeToolCommand, origin: GovernedOrigin): Promise<ToolCallResult> {
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('InvokeTool', command.runId, origin),
    );
    const tool = await this.#deps.tools.find(origin.tenant, command.tool, command.version);
    const limit = tool?.rateLimit;
    const slot =
      tool === null || limit == null || command.approvalId !== undefined
        ? null
        : await this.#rates.admit(origin.tenant, { ...tool, rateLimit: limit }, this.#deps.clock.now());
    try {
      return await this.#invoke(command, origin, tool, slot);
    } finally {
      slot?.release();
    }
  }

  async #invoke(
    command: InvokeToolCommand,
    origin: GovernedOrigin,
    tool: RegisteredTool | null,
    slot: RateSlot | null,
  ): Promise<ToolCallResult> {
    const argsDigest = this.#deps.digester.digest(command.args);
    const validation = tool === null ? null : this.#deps.schemas.validate(tool.inputSchema, command.args);
    // Only a call that can reach policy is scored: a model run is not spent on refusals.
    const risk = tool !== null && validation?.ok === true ? await this.#score(tool, command.args) : null;
    const keyed = origin.idempotencyKey !== undefined && command.approvalId === undefined;
    const callId =
      (keyed ? keyedId(this.#deps.ids, origin, 'toolcall', command.runId) : undefined) ??
      this.#deps.ids.newId();
    const room = new ApprovalRoom(this.#limits, this.#approvalSlots);
    const presented = {
      runId: command.runId,
      tool,
      argsDigest,
      risk,
      origin,
      allowances: this.#allowances(),
    };
    const written = await this.#writer
      .write(command.runId, origin, async (state, now): Promise<CommandDecision<Next>> => {
        const earlier = keyed ? state.calls.get(callId) : undefined;
        if (earlier !== undefined) return { events: [], value: { execute: false, replay: earlier } };
        const context = { principal: origin.actor.id, tenant: origin.tenant, now };
        requireRunForCall(command.runId, state, context, command.compensates);
        const decision =
          command.approvalId === undefined
            ? decideToolCall(
                await this.#gatherNewCall(
                  {
                    ...presented,
                    callId,
                    state,
                    now,
                    requested: command,
                    validation,
                    ...(command.compensates === undefined ? {} : { compensates: command.compensates }),
                  },
                  slot,
                  room,
                ),
              )
            : decideApprovedCall(
                await this.#gatherApprovedCall({
                  ...presented,
                  state,
                  now,
                  approvalId: command.approvalId,
                  requested: command,
                  args: command.args,
                }),
              );
        return { events: decision.events, value: decision.next };
      })
      .catch((error: unknown) => {
        room.settle();
        throw error;
      });
    slot?.release(written.appended.at(-1)?.position);
    const { value } = written;
    // Its ApprovalRequested is the last event appended; any other outcome asked for no approval after all.
    const pending = !value.execute && 'result' in value && value.result.outcome === 'pending_approval';
    room.settle(pending ? written.appended.at(-1)?.position : undefined);
    if ('replay' in value) return replayKeyedCall(this.#deps.log, command.runId, value.replay, argsDigest);
    const events = written.appended.map(referenceOf);
    if (!value.execute) return { ...value.result, events };
    return executeAndRecord(
      this.#execution,
      command.runId,
      value.callId,
      tool!,
      command.args,
      origin,
      events,
    );
  }

  /**
   * The async inputs of a new call's decision, in order: what the checks before policy need; then, only when the
   * call gets past them, the policies' decision; then, only when policy asks for an approval, the queues' room.
   */
  async #gatherNewCall(
    facts: Omit<ToolCallFacts, 'versionInForce' | 'rateTimes'>,
    slot: RateSlot | null,
    room: ApprovalRoom,
  ): Promise<ToolCallFacts> {
    const base = { ...facts, rateTimes: slot?.times ?? [], versionInForce: null };
    if (refusalBeforePolicy(base) !== null)
      return { ...base, versionInForce: await this.#versionInForce(facts.origin) };
    const policy = await this.#deps.policies.decide(
      toolPolicyRequest(newCallPolicyInput(base, facts.tool!), facts.origin),
    );
    if (policy.outcome !== 'require_approval') return { ...base, policy };
    return { ...base, policy, approvalRoom: await room.check(facts.state, facts.now, facts.origin.tenant) };
  }

  /** The async inputs of a resumed call's decision: the version in force for a refused grant, else policy's decision. */
  async #gatherApprovedCall(facts: Omit<ApprovedCallFacts, 'versionInForce'>): Promise<ApprovedCallFacts> {
    const base = { ...facts, versionInForce: null };
    const check = checkPresentedGrant(base);
    if (!check.ok) return { ...base, versionInForce: await this.#versionInForce(facts.origin) };
    const request = toolPolicyRequest(approvedPolicyInput(base, check.tool), facts.origin);
    return { ...base, policy: await this.#deps.policies.decide(request) };
  }

  #allowances(): CallAllowances {
    return {
      approvalId: this.#deps.ids.newId(),
      grantId: this.#deps.ids.newId(),
      approvalTtlMs: this.#deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS,
      grantTtlMs: this.#deps.toolGrantTtlMs ?? DEFAULT_TOOL_GRANT_TTL_MS,
    };
  }

  /**
   * Records the outcome of an app-executed call: a valid grant completes the call (`ToolCallCompleted`, output
   * checked against the output schema, else `ToolCallFailed` `TOOL_OUTPUT_INVALID`) or fails it with the app's
   * error (`APP_REPORTED_ERROR`). An unknown, reused, expired, misdirected grant or another reporter is recorded as
   * `ToolResultRefused`. Accepted even when the run has ended since: the app did run the tool. Throws (nothing
   * recorded) `TENANT_HALTED` and `RUN_NOT_FOUND`. With an idempotency key the event id derives from the key: a
   * retry returns the recorded outcome (a refusal included) and appends nothing; the same key with another call,
   * grant or outcome is `IDEMPOTENCY_CONFLICT`.
   */
  async recordToolResult(
    command: RecordToolResultCommand,
    origin: GovernedOrigin,
  ): Promise<ToolResultOutcome> {
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('RecordToolResult', command.runId, origin),
    );
    const before = (await this.#writer.load(command.runId)).calls.get(command.callId);
    const tool =
      before === undefined
        ? null
        : await this.#deps.tools.find(origin.tenant, before.tool.name, before.tool.version);
    const outputDigest =
      'output' in command.outcome ? this.#deps.digester.digest(command.outcome.output) : null;
    const decide = async (view: RunState, now: number): Promise<CommandDecision<ToolResultOutcome>> => {
      if (view.status === null || view.tenant !== origin.tenant)
        throw new RunError('RUN_NOT_FOUND', `run ${command.runId} not found`, { runId: command.runId });
      const { callId, grantId } = command;
      const refusal = toolResultRefusal(view, { callId, grantId, reportedBy: origin.actor.id }, now);
      if (refusal !== null || tool === null) {
        const { reason, message } = refusal ?? {
          reason: 'CALL_UNKNOWN' as const,
          message: 'tool not registered',
        };
        const data: ToolResultRefusedData = {
          callId,
          grantId,
          reason,
          reportedBy: origin.actor.id,
          message,
          argsDigest: view.calls.get(callId)?.argsDigest ?? null,
          outputDigest,
          policySetVersion: await this.#versionInForce(origin),
        };
        const result = { outcome: 'refused', callId, reason, message, events: [] } as const;
        return { events: [{ type: 'ToolResultRefused', data }], value: result as ToolResultOutcome };
      }
      const settlement: CallSettlement =
        'output' in command.outcome
          ? { ok: true, output: command.outcome.output }
          : { ok: false, reason: 'APP_REPORTED_ERROR', message: command.outcome.error };
      const { args } = view.calls.get(callId)!;
      const planned = settle(this.#deps, tool, callId, args, settlement, grantId);
      const causationId = view.calls.get(callId)?.requestedEventId;
      return { events: [{ ...planned.event, causationId }], value: planned.result as ToolResultOutcome };
    };
    const keyed = keyedCommand(this.#deps.ids, origin, 'RecordToolResult', command.runId, (recorded) =>
      replayedToolResult(command, outputDigest, recorded[0]!),
    );
    const written = await this.#writer.write(command.runId, origin, decide, keyed);
    return { ...written.value, events: written.appended.map(referenceOf) };
  }

  async #versionInForce(origin: GovernedOrigin): Promise<number | null> {
    return (await this.#deps.policies.current(origin.tenant))?.version ?? null;
  }

  async #score(tool: RegisteredTool, args: JsonValue): Promise<RiskScore | null> {
    const scorer = this.#deps.riskScorer;
    if (scorer === undefined) return null;
    try {
      const risk = await scorer.score(riskText(tool, args));
      return Number.isFinite(risk.score) && risk.score >= 0 && risk.score <= 1 ? risk : null;
    } catch {
      // A scorer failure must not block or allow anything by itself: policies see "no score" and decide.
      return null;
    }
  }
}
