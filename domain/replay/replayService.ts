import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { differingArguments } from '../events/differingArguments.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { isMirError } from '../errors/mirError.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent, EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { PolicyService } from '../policies/policyService.js';
import { RunError } from '../runs/runErrors.js';
import { runStream } from '../runs/runEvents.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import { keyedCommand } from '../commands/commandKeys.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import type { ToolRegistry } from '../tools/toolRegistry.js';
import { compareInference, recordedInferences } from './inferenceReplay.js';
import { reexecuteInferences } from './inferenceReexecution.js';
import type { InferenceReplayPorts } from './inferenceReexecution.js';
import {
  comparePolicyDecision,
  policyNotReplayed,
  reconstructPolicyRequest,
  recordedPolicyDecisions,
} from './policyReplay.js';
import type { RecordedPolicyDecision } from './policyReplay.js';
import { DEFAULT_REPLAY_TOLERANCE, REPLAY_CHECKS } from './replayEvents.js';
import type { ReplayItem, ReplayOptions, ReplayTolerance, RunReplayedData } from './replayEvents.js';
import { decideRunReplayed, requireReplayableRun } from './runReplayedDecider.js';
import type { ReplayFindings } from './runReplayedDecider.js';
import { compareRunProjection, replayRunStates } from './stateReplay.js';
import type { RunFacts } from './stateReplay.js';

/** The runs read model beside the ledger's own fold of the run, at one point of the run (`projections/`). */
export interface RunProjectionSource {
  /**
   * Waits until the read models have applied `position`, then returns the run's row there (null: no row) and the
   * ledger's fold of the run at the row's last position (so both describe the same point even when the run moved
   * on), with the id of that last event.
   */
  runFacts(
    tenant: string,
    runId: string,
    position: number,
  ): Promise<{ readonly eventId: string; readonly rebuilt: RunFacts; readonly projected: RunFacts | null }>;
}

export interface ReplayServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly killSwitch?: KillSwitch;
  readonly projection: RunProjectionSource;
  /** Without it, each recorded inference is reported as not replayed (`INFERENCE_UNAVAILABLE`). */
  readonly inference?: Omit<InferenceReplayPorts, 'log' | 'clock' | 'ids'>;
  /** Without it, each recorded policy decision is reported as not replayed. */
  readonly governance?: {
    readonly policies: Pick<PolicyService, 'decideAtVersion'>;
    readonly tools: Pick<ToolRegistry, 'find'>;
  };
  /** Used where a replay runs on another execution provider than the recorded one (default 1e-4 / 1e-4). */
  readonly tolerance?: ReplayTolerance;
}

export interface ReplayRunCommand {
  readonly runId: string;
  readonly options: ReplayOptions;
}

export interface ReplayRunResult {
  readonly runId: string;
  readonly report: RunReplayedData;
  /** The `RunReplayed` event. */
  readonly event: AppendedEvent;
  /** True when the idempotency key had been used: nothing was replayed again, the recorded report is returned. */
  readonly replayed: boolean;
}

const PAGE = 10_000;

/**
 * `replayRun`: proves what a run's ledger says happened. Rebuilds the run's state event by event with the run's
 * own fold and compares it with the runs read model (`state`), runs every completed inference again on the model
 * file of its recorded SHA-256 with its recorded inputs (`inference`), and decides every recorded policy decision
 * again under its recorded policy-set version on a request rebuilt from the ledger (`policy`). The findings are
 * recorded as `RunReplayed` on the run's stream (through the run stream writer; ended runs too) and returned.
 *
 * Refusals: `TENANT_HALTED` (recorded by the kill switch), `RUN_NOT_FOUND` (another tenant's run alike),
 * `RUN_INVALID_COMMAND` (every check turned off), `IDEMPOTENCY_CONFLICT` (a key reused with other options).
 */
export class ReplayService {
  readonly #deps: ReplayServiceDependencies;
  readonly #writer: RunStreamWriter;

  constructor(deps: ReplayServiceDependencies) {
    this.#deps = deps;
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids);
  }

  async replay(command: ReplayRunCommand, origin: GovernedOrigin): Promise<ReplayRunResult> {
    const { runId, options } = command;
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('ReplayRun', runId, origin),
    );
    if (!REPLAY_CHECKS.some((check) => options[check]))
      throw new RunError('RUN_INVALID_COMMAND', 'options turn every check off: nothing to replay', {
        field: 'options',
        reason: 'at least one of state, inference, policy must be on',
      });
    const keyed = keyedCommand(this.#deps.ids, origin, 'ReplayRun', runId, (recorded) =>
      recordedReport(recorded[0]!, options),
    );
    let findings: ReplayFindings | undefined;
    const written = await this.#writer.write(
      runId,
      origin,
      async (view) => {
        requireReplayableRun(runId, view, origin);
        // Replayed once, through the revision the first attempt saw; a retry after a conflict only records it.
        findings ??= await this.#findings(runId, view.revision!, options, origin);
        const event = decideRunReplayed(runId, view, origin, findings);
        return { events: [event], value: event.data };
      },
      keyed,
    );
    const event = written.appended[0]!;
    return { runId, report: written.value, event, replayed: findings === undefined };
  }

  async #findings(
    runId: string,
    throughRevision: number,
    options: ReplayOptions,
    origin: GovernedOrigin,
  ): Promise<ReplayFindings> {
    const events = await this.#events(runId, throughRevision);
    const [state, inference, policy] = await Promise.all([
      options.state ? this.#state(origin.tenant, runId, events) : none(),
      options.inference ? this.#inference(origin, events) : [],
      options.policy ? this.#policy(runId, origin.tenant, events) : [],
    ]);
    return {
      options,
      throughRevision,
      items: [...state.items, ...inference, ...policy],
      unlistedMatches: { state: state.unlisted, inference: 0, policy: 0 },
      tolerance: this.#tolerance(),
    };
  }

  async #state(tenant: string, runId: string, events: readonly RecordedEvent[]) {
    const replayed = replayRunStates(events);
    const stepMismatches = replayed.items.length;
    const facts = await this.#deps.projection.runFacts(tenant, runId, events.at(-1)!.position);
    const items = [...replayed.items, ...compareRunProjection(facts.eventId, facts.rebuilt, facts.projected)];
    return { items, unlisted: replayed.stepsChecked - stepMismatches };
  }

  async #inference(origin: GovernedOrigin, events: readonly RecordedEvent[]): Promise<ReplayItem[]> {
    const recorded = recordedInferences(events);
    const { inference } = this.#deps;
    const unavailable = {
      kind: 'failed',
      code: 'INFERENCE_UNAVAILABLE',
      message: 'no inference engine',
    } as const;
    const replayed =
      inference === undefined
        ? recorded.map(() => unavailable)
        : await reexecuteInferences({ ...this.#deps, ...inference }, origin.tenant, origin, recorded);
    return recorded.map((item, index) => compareInference(item, replayed[index]!, this.#tolerance()));
  }

  async #policy(runId: string, tenant: string, events: readonly RecordedEvent[]): Promise<ReplayItem[]> {
    const items: ReplayItem[] = [];
    for (const recorded of recordedPolicyDecisions(runId, events))
      items.push(await this.#policyItem(tenant, recorded));
    return items;
  }

  async #policyItem(tenant: string, recorded: RecordedPolicyDecision): Promise<ReplayItem> {
    const { governance } = this.#deps;
    if (governance === undefined)
      return policyNotReplayed(recorded, 'GOVERNANCE_UNAVAILABLE: no policy engine');
    const tool = recorded.requested?.tool;
    const registered =
      tool === undefined ? null : await governance.tools.find(tenant, tool.name, tool.version);
    const rebuilt = reconstructPolicyRequest(recorded, registered);
    if ('missing' in rebuilt)
      return policyNotReplayed(
        recorded,
        `the request is not reconstructible from the ledger; missing: ${rebuilt.missing.join('; ')}`,
      );
    try {
      const decision = await governance.policies.decideAtVersion(
        rebuilt.request,
        recorded.decided.policySetVersion,
      );
      return comparePolicyDecision(recorded, decision);
    } catch (error) {
      if (!isMirError(error)) throw error;
      return policyNotReplayed(recorded, `${error.code}: ${error.message}`);
    }
  }

  async #events(runId: string, throughRevision: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = 0; from <= throughRevision; from += PAGE) {
      const page = await this.#deps.log.readStream(runStream(runId), { fromRevision: from, maxCount: PAGE });
      events.push(...page.filter((event) => event.revision <= throughRevision));
      if (page.length < PAGE) break;
    }
    return events;
  }

  #tolerance(): ReplayTolerance {
    return this.#deps.tolerance ?? DEFAULT_REPLAY_TOLERANCE;
  }
}

function none(): Promise<{ items: ReplayItem[]; unlisted: number }> {
  return Promise.resolve({ items: [], unlisted: 0 });
}

/** The report a keyed retry gets back; IDEMPOTENCY_CONFLICT when the key asked for other checks. */
function recordedReport(recorded: RecordedEvent, options: ReplayOptions): RunReplayedData {
  const data = recorded.data as unknown as RunReplayedData;
  const fields = differingArguments({ options }, recorded.data);
  if (fields.length > 0)
    throw idempotencyConflict('idempotency key reused to replay the run with other options', {
      eventId: recorded.id,
      fields,
    });
  return data;
}
