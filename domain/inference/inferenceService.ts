import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { Timer } from '../ports/timer.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt } from '../tenants/killSwitchPort.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import { keyedId } from '../commands/commandKeys.js';
import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { budgetExceededBy, budgetRefusal } from '../runs/runBudget.js';
import type { BudgetExceeded } from '../runs/runEvents.js';
import { decideInferenceRequest } from './inferenceDecider.js';
import type { EngineRunResult, Featurizer, InferenceEngine, TensorDigester } from './inferenceEngine.js';
import { InferenceError, isInferenceError } from './inferenceErrors.js';
import type { InferenceRequestedData, ModelReference } from './inferenceEvents.js';
import { recordableInputs } from './inferenceEvents.js';
import type { InputLimits } from './inputValidation.js';
import { DEFAULT_INPUT_LIMITS, validateInferenceInputs } from './inputValidation.js';
import type { ModelCatalog } from './modelCatalog.js';
import type { RegisteredModel } from './modelEvents.js';
import { recordIntegrityViolation } from './modelIntegrity.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { RunState } from '../runs/runDecider.js';
import { referenceOf } from '../runs/runRecords.js';
import type { EventReference, InferenceRecord } from '../runs/runRecords.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import type { NamedTensor } from './tensors.js';

export interface RequestInferenceCommand {
  readonly runId: string;
  readonly model: string;
  /** Defaults to the most recently registered version. */
  readonly version?: string;
  /** Named tensors; exactly one of `inputs` and `texts`. */
  readonly inputs?: readonly NamedTensor[];
  /** Texts, one row each, turned into the model's input by its registered featurizer. */
  readonly texts?: readonly string[];
  readonly timeoutMs?: number;
}

export interface InferenceResult {
  readonly inferenceId: string;
  readonly runId: string;
  readonly model: ModelReference;
  readonly executionProvider: string;
  readonly runtime: string;
  readonly runtimeVersion: string;
  readonly inputDigest: string;
  readonly outputDigest: string;
  readonly outputs: readonly NamedTensor[];
  readonly latencyMs: number;
  readonly requestedEvent: EventReference;
  readonly completedEvent: EventReference;
  /** True when the idempotency key had been used: nothing ran, the recorded result is returned. */
  readonly replayed: boolean;
}

export interface InferenceServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timer: Timer;
  /** Refuses every request of a halted tenant (default: none). */
  readonly killSwitch?: KillSwitch;
  readonly engine: InferenceEngine;
  readonly catalog: ModelCatalog;
  readonly digester: TensorDigester;
  readonly featurizer: Featurizer;
  readonly limits?: InputLimits;
  /** Appends retried after another writer moved the run (default 5). */
  readonly maxAttempts?: number;
  /**
   * How long an inference may run before its request is recorded on its own (default 2 ms; see the class).
   * 0 records every request before its outcome is known.
   */
  readonly requestRecordWindowMs?: number;
}

/**
 * An event the service plans on a run's stream, named before it is appended (its outcome refers to the request),
 * with the moment it records and its cause (the request, for the request and its outcome).
 */
type OutgoingEvent = PlannedEvent & {
  readonly id: string;
  readonly occurredAt: number;
  readonly causationId: string;
};

type AppendDecision = { readonly replay: InferenceRecord } | { readonly events: readonly OutgoingEvent[] };
type AppendOutcome = { readonly replay: InferenceRecord } | { readonly references: EventReference[] };

/** A request decision: the request event, a keyed replay, or the run's end because the request overran a budget. */
type RequestDecision =
  AppendDecision | { readonly events: readonly OutgoingEvent[]; readonly overrun: BudgetExceeded };

type Settled =
  { readonly ok: true; readonly result: EngineRunResult } | { readonly ok: false; readonly error: unknown };

/** One request, resolved and validated: everything its events need. */
interface Prepared {
  readonly runId: string;
  readonly model: RegisteredModel;
  readonly inputs: readonly NamedTensor[];
  readonly requested: InferenceRequestedData;
  readonly keyed: boolean;
  readonly idFor: (what: string) => string;
  readonly requestEventId: string;
  /** Epoch ms the request was decided. */
  readonly requestedAt: number;
}

export const DEFAULT_REQUEST_RECORD_WINDOW_MS = 2;

/**
 * Governed inference: resolves the model, validates inputs against its registered signature, decides whether the
 * run may make the call (active, within budget), runs the model on the engine and records `InferenceRequested`
 * then `InferenceCompleted` (or `InferenceFailed`) on the run's stream. Workers never write to the ledger: this
 * service appends what they return.
 *
 * Model inference has no side effect, and nothing it produces leaves this service before its events are
 * committed, so the engine starts as soon as the request is decided. An inference that returns within the record
 * window has its request and outcome appended together (one durable commit); a longer one has its request
 * appended on its own when the window closes, so the ledger shows it in flight, then its outcome. Either way the
 * request precedes the outcome on the stream and the decision is re-checked against the stream at append time
 * (expected revision), so a run cancelled meanwhile gets no record and no result. A request that would overrun the
 * run's inference-call or wall-time budget is refused with `RUN_BUDGET_EXCEEDED` and ends the run (`RunFailed`
 * naming the budget; nothing runs when that is known before the engine starts, and a result that came back is
 * discarded, like a cancelled run's).
 */
export class InferenceService {
  readonly #deps: InferenceServiceDependencies;
  readonly #limits: InputLimits;
  readonly #window: number;
  readonly #writer: RunStreamWriter;

  constructor(deps: InferenceServiceDependencies) {
    this.#deps = deps;
    this.#limits = deps.limits ?? DEFAULT_INPUT_LIMITS;
    this.#window = deps.requestRecordWindowMs ?? DEFAULT_REQUEST_RECORD_WINDOW_MS;
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
  }

  async requestInference(command: RequestInferenceCommand, origin: CommandOrigin): Promise<InferenceResult> {
    await this.#deps.killSwitch?.assertActive(
      origin.tenant,
      haltedAttempt('RequestInference', command.runId, origin),
    );
    const prepared = await this.#prepare(command, origin);
    // Refusals and replays on the cached view, before anything runs; the append re-checks on the stream.
    const current = await this.#writer.load(prepared.runId);
    const early = this.#decideRequest(current, prepared, origin, this.#deps.clock.now());
    if ('replay' in early) return this.#replay(prepared, early.replay);
    if ('overrun' in early) {
      // Budgets only ever run out further, so the re-decision at append time is this end again (or a replay, or
      // the run ended meanwhile): never a request that would be recorded without running.
      const ended = await this.#append(prepared, origin, (state, now) =>
        this.#decideRequest(state, prepared, origin, now),
      );
      if ('replay' in ended) return this.#replay(prepared, ended.replay);
    }
    this.#refuseWhenSaturated();
    const execution = this.#execute(prepared, command.timeoutMs);
    const quick = this.#window > 0 ? await this.#deps.timer.within(execution, this.#window) : undefined;
    if (quick !== undefined) return this.#record(prepared, origin, quick, null);

    const requested = await this.#append(prepared, origin, (state, now) =>
      this.#decideRequest(state, prepared, origin, now),
    );
    if ('replay' in requested) return this.#replay(prepared, requested.replay);
    return this.#record(prepared, origin, await execution, requested.references[0]!);
  }

  async #prepare(command: RequestInferenceCommand, origin: CommandOrigin): Promise<Prepared> {
    const model = await this.#deps.catalog.find(origin.tenant, command.model, command.version);
    if (model === null)
      throw new InferenceError('MODEL_NOT_FOUND', `no model ${describe(command.model, command.version)}`, {
        model: command.model,
        version: command.version ?? null,
      });
    const { inputs, source } = this.#inputsFor(command, model);
    validateInferenceInputs(model.inputs, inputs, this.#limits);
    const keyed = origin.idempotencyKey !== undefined;
    const idFor = (what: string) =>
      keyedId(this.#deps.ids, origin, 'inference', command.runId, what) ?? this.#deps.ids.newId();
    return {
      runId: command.runId,
      model,
      inputs,
      keyed,
      idFor,
      requestEventId: idFor('InferenceRequested'),
      requestedAt: this.#deps.clock.now(),
      requested: {
        inferenceId: idFor('inference'),
        model: { name: model.name, version: model.version, sha256: model.sha256 },
        source,
        inputs: inputs.map(({ name, type, dims }) => ({ name, type, dims })),
        inputDigest: this.#deps.digester.digest(inputs),
        inputTensors: recordableInputs(inputs),
      },
    };
  }

  #inputsFor(
    command: RequestInferenceCommand,
    model: RegisteredModel,
  ): { inputs: readonly NamedTensor[]; source: 'tensors' | 'text' } {
    const hasInputs = command.inputs !== undefined;
    if (hasInputs === (command.texts !== undefined))
      throw new InferenceError(
        'INFERENCE_INVALID_INPUT',
        'give either input tensors or texts, not both or neither',
      );
    if (hasInputs) return { inputs: command.inputs, source: 'tensors' };
    if (model.featurizer === null)
      throw new InferenceError(
        'INFERENCE_INVALID_INPUT',
        `model ${model.name} ${model.version} takes tensors only: it has no text featurizer`,
        { model: model.name, version: model.version },
      );
    return { inputs: [this.#deps.featurizer.featurize(model.featurizer, command.texts!)], source: 'text' };
  }

  /**
   * Appends what `decide` returns; when that is the run's end by budget, throws `RUN_BUDGET_EXCEEDED` naming the
   * `RunFailed` that ended it.
   */
  async #append(
    prepared: Prepared,
    origin: CommandOrigin,
    decide: (state: RunState, now: number) => RequestDecision,
  ): Promise<AppendOutcome> {
    let overrun: BudgetExceeded | null = null;
    const written = await this.#writer.write(prepared.runId, origin, (state, now) => {
      const decision = decide(state, now);
      overrun = 'overrun' in decision ? decision.overrun : null;
      return 'replay' in decision
        ? { events: [], value: decision }
        : { events: decision.events, value: null };
    });
    if (written.value !== null) return written.value;
    const references = written.appended.map(referenceOf);
    if (overrun !== null) throw budgetRefusal(prepared.runId, overrun, references[0]!.id);
    return { references };
  }

  /**
   * The request event, the recorded inference a retry with the same key asks about, or the run's end when the
   * request would overrun a budget.
   */
  #decideRequest(state: RunState, prepared: Prepared, origin: CommandOrigin, now: number): RequestDecision {
    const earlier = prepared.keyed ? state.inferences.get(prepared.requested.inferenceId) : undefined;
    if (earlier !== undefined) return { replay: earlier };
    const context = { principal: origin.actor.id, tenant: origin.tenant, now };
    const [decided] = decideInferenceRequest(prepared.runId, state, context, prepared.requested);
    const overrun = budgetExceededBy(decided!);
    if (overrun !== null) {
      const id = prepared.idFor('RunFailed');
      const end = {
        id,
        type: decided!.type,
        data: decided!.data,
        causationId: id,
        occurredAt: now,
      };
      return { events: [end], overrun };
    }
    const { requestEventId, requestedAt } = prepared;
    return {
      events: [
        {
          id: requestEventId,
          type: decided!.type,
          data: decided!.data,
          causationId: requestEventId,
          occurredAt: requestedAt,
        },
      ],
    };
  }

  /** Refuses before anything is recorded or run when the engine's queue is already full. */
  #refuseWhenSaturated(): void {
    const stats = this.#deps.engine.stats();
    if (stats.queued >= stats.queueLimit)
      throw new InferenceError('OVERLOADED', 'the inference queue is full; retry later', {
        queued: stats.queued,
        limit: stats.queueLimit,
      });
  }

  #execute({ model, inputs }: Prepared, timeoutMs: number | undefined): Promise<Settled> {
    const location = this.#deps.catalog.locate(model);
    const request = {
      model: { name: model.name, version: model.version, sha256: model.sha256, location },
      inputs,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
    return this.#deps.engine.run(request).then(
      (result): Settled => ({ ok: true, result }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
  }

  /**
   * Appends the outcome (with the request when `requestedEvent` is null: both in one commit) and returns the
   * result, or throws the failure once it is recorded.
   */
  async #record(
    prepared: Prepared,
    origin: CommandOrigin,
    settled: Settled,
    requestedEvent: EventReference | null,
  ): Promise<InferenceResult> {
    const failure = settled.ok ? null : asInferenceError(settled.error);
    if (failure?.code === 'MODEL_INTEGRITY_VIOLATION')
      await recordIntegrityViolation(this.#deps, origin, prepared.model, failure.details);
    const outcome = this.#outcomeEvent(prepared, settled, failure);
    const appended = await this.#append(prepared, origin, (state, now) => {
      if (requestedEvent !== null) return { events: [outcome] };
      const request = this.#decideRequest(state, prepared, origin, now);
      return 'replay' in request || 'overrun' in request ? request : { events: [...request.events, outcome] };
    });
    if ('replay' in appended) return this.#replay(prepared, appended.replay);
    const [first, last] = [appended.references[0]!, appended.references.at(-1)!];
    const requestReference = requestedEvent ?? first;
    if (failure !== null)
      throw new InferenceError(failure.code, failure.message, {
        ...failure.details,
        inferenceId: prepared.requested.inferenceId,
        requestedEventId: requestReference.id,
        failedEventId: last.id,
      });
    const completed = outcome.data as Omit<
      InferenceResult,
      'runId' | 'requestedEvent' | 'completedEvent' | 'replayed'
    >;
    return {
      ...completed,
      runId: prepared.runId,
      requestedEvent: requestReference,
      completedEvent: last,
      replayed: false,
    };
  }

  #outcomeEvent(prepared: Prepared, settled: Settled, failure: InferenceError | null): OutgoingEvent {
    const { requested, requestEventId, idFor } = prepared;
    const occurredAt = this.#deps.clock.now();
    if (!settled.ok || failure !== null) {
      const error = failure ?? new InferenceError('ENGINE_FAILED', 'the inference engine failed');
      const data = {
        inferenceId: requested.inferenceId,
        model: requested.model,
        reason: error.code,
        message: error.message,
      };
      return {
        id: idFor('InferenceFailed'),
        type: 'InferenceFailed',
        data,
        causationId: requestEventId,
        occurredAt,
      };
    }
    const { result } = settled;
    const data = {
      inferenceId: requested.inferenceId,
      model: requested.model,
      executionProvider: result.executionProvider,
      runtime: result.runtime,
      runtimeVersion: result.runtimeVersion,
      inputDigest: requested.inputDigest,
      outputDigest: this.#deps.digester.digest(result.outputs),
      outputs: result.outputs,
      latencyMs: result.latencyMs,
    };
    return {
      id: idFor('InferenceCompleted'),
      type: 'InferenceCompleted',
      data,
      causationId: requestEventId,
      occurredAt,
    };
  }

  #replay(prepared: Prepared, record: InferenceRecord): InferenceResult {
    const request = prepared.requested;
    if (
      record.requested.inputDigest !== request.inputDigest ||
      record.requested.model.sha256 !== request.model.sha256
    )
      throw idempotencyConflict('idempotency key reused for another inference request', {
        inferenceId: request.inferenceId,
        fields: ['model', 'inputs'],
      });
    const { outcome } = record;
    if (outcome === null)
      throw new InferenceError(
        'INFERENCE_IN_PROGRESS',
        'the inference with this idempotency key has not finished',
        {
          inferenceId: request.inferenceId,
        },
      );
    if (outcome.type === 'InferenceFailed')
      throw new InferenceError(outcome.data.reason as InferenceError['code'], outcome.data.message, {
        inferenceId: request.inferenceId,
        failedEventId: outcome.event.id,
        replayed: true,
      });
    return {
      ...outcome.data,
      runId: prepared.runId,
      requestedEvent: record.requestedEvent,
      completedEvent: outcome.event,
      replayed: true,
    };
  }
}

function asInferenceError(error: unknown): InferenceError {
  return isInferenceError(error)
    ? error
    : new InferenceError('ENGINE_FAILED', 'the inference engine failed unexpectedly', {}, error);
}

function describe(name: string, version: string | undefined): string {
  return version === undefined
    ? JSON.stringify(name)
    : `${JSON.stringify(name)} version ${JSON.stringify(version)}`;
}
