import { hasErrorCode, isMirError } from '../errors/mirError.js';
import type { EventMeta, NewEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog, ExpectedRevision } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../runs/runCommandService.js';
import { RunError } from '../runs/runErrors.js';
import { runStream } from '../runs/runEvents.js';
import { decideInferenceRequest } from './inferenceDecider.js';
import type { EngineRunResult, Featurizer, InferenceEngine, TensorDigester } from './inferenceEngine.js';
import { InferenceError, isInferenceError } from './inferenceErrors.js';
import type {
  InferenceCompletedData,
  InferenceFailedData,
  InferenceRequestedData,
  ModelReference,
} from './inferenceEvents.js';
import type { InputLimits } from './inputValidation.js';
import { DEFAULT_INPUT_LIMITS, validateInferenceInputs } from './inputValidation.js';
import type { ModelCatalog } from './modelCatalog.js';
import type { RegisteredModel } from './modelEvents.js';
import { recordIntegrityViolation } from './modelIntegrity.js';
import type { EventReference, InferenceRecord, RunView } from './runViews.js';
import { RunViewCache } from './runViews.js';
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
  readonly engine: InferenceEngine;
  readonly catalog: ModelCatalog;
  readonly digester: TensorDigester;
  readonly featurizer: Featurizer;
  readonly limits?: InputLimits;
  /** Appends retried after another writer moved the run (default 5). */
  readonly maxAttempts?: number;
  readonly runViewCapacity?: number;
}

interface OutgoingEvent {
  readonly id: string;
  readonly type: string;
  readonly data: object;
  /** The event that caused this one: the request event, for the request and its outcome. */
  readonly cause: string;
}

type Settled =
  { readonly ok: true; readonly result: EngineRunResult } | { readonly ok: false; readonly error: unknown };

/**
 * Governed inference: resolves the model, validates inputs against its registered signature, records
 * `InferenceRequested` on the run's stream (refused when the run is not active or out of budget), runs the model
 * on the engine and records `InferenceCompleted` or `InferenceFailed`. Workers never write to the ledger: this
 * service appends what they return.
 *
 * The engine starts as soon as the request is decided, while `InferenceRequested` is being made durable: model
 * inference has no side effect, and nothing it produces leaves this service before both events are committed,
 * so overlapping the two only removes waiting. Appends to one run are serialised in this process (each carries
 * the expected revision, so other processes are caught by the ledger and retried).
 */
export class InferenceService {
  readonly #deps: InferenceServiceDependencies;
  readonly #limits: InputLimits;
  readonly #maxAttempts: number;
  readonly #views: RunViewCache;
  readonly #runLocks = new Map<string, Promise<unknown>>();

  constructor(deps: InferenceServiceDependencies) {
    this.#deps = deps;
    this.#limits = deps.limits ?? DEFAULT_INPUT_LIMITS;
    this.#maxAttempts = deps.maxAttempts ?? 5;
    this.#views = new RunViewCache(deps.log, deps.runViewCapacity);
  }

  async requestInference(command: RequestInferenceCommand, origin: CommandOrigin): Promise<InferenceResult> {
    const model = await this.#deps.catalog.find(command.model, command.version);
    if (model === null)
      throw new InferenceError('MODEL_NOT_FOUND', `no model ${describe(command.model, command.version)}`, {
        model: command.model,
        version: command.version ?? null,
      });
    const { inputs, source } = this.#inputsFor(command, model);
    validateInferenceInputs(model.inputs, inputs, this.#limits);
    const reference: ModelReference = { name: model.name, version: model.version, sha256: model.sha256 };
    const keyScope = `${origin.tenant}\n${origin.actor.kind}:${origin.actor.id}\n${origin.idempotencyKey ?? ''}\n${command.runId}`;
    const keyed = origin.idempotencyKey !== undefined;
    const idFor = (what: string) =>
      keyed ? this.#deps.ids.fromKey(`inference\n${keyScope}\n${what}`) : this.#deps.ids.newId();
    const requested: InferenceRequestedData = {
      inferenceId: idFor('inference'),
      model: reference,
      source,
      inputs: inputs.map(({ name, type, dims }) => ({ name, type, dims })),
      inputDigest: this.#deps.digester.digest(inputs),
    };
    const requestEventId = idFor('InferenceRequested');

    let execution: Promise<Settled> | undefined;
    const start = () => {
      execution ??= this.#execute(model, inputs, command.timeoutMs);
    };
    const recorded = await this.#appendToRun(command.runId, origin, (view) => {
      const earlier = view.keyed.get(requested.inferenceId);
      if (keyed && earlier !== undefined) return { replay: earlier };
      const [decided] = decideInferenceRequest(command.runId, view.state, this.#context(origin), requested);
      this.#refuseWhenSaturated();
      start();
      return {
        event: { id: requestEventId, type: decided!.type, data: decided!.data, cause: requestEventId },
      };
    });
    if ('replay' in recorded) return this.#replay(command.runId, recorded.replay, requested);
    start();
    const settled = await execution!;
    if (!settled.ok)
      return this.#fail(command.runId, origin, requested, recorded.reference, settled.error, idFor);

    const { result } = settled;
    const completed: InferenceCompletedData = {
      inferenceId: requested.inferenceId,
      model: reference,
      executionProvider: result.executionProvider,
      runtime: result.runtime,
      runtimeVersion: result.runtimeVersion,
      inputDigest: requested.inputDigest,
      outputDigest: this.#deps.digester.digest(result.outputs),
      outputs: result.outputs,
      latencyMs: result.latencyMs,
    };
    const done = await this.#appendToRun(command.runId, origin, () => ({
      event: {
        id: idFor('InferenceCompleted'),
        type: 'InferenceCompleted',
        data: completed,
        cause: recorded.reference.id,
      },
    }));
    if ('replay' in done) throw new Error('unreachable: an outcome append never replays');
    return {
      ...completed,
      runId: command.runId,
      requestedEvent: recorded.reference,
      completedEvent: done.reference,
      replayed: false,
    };
  }

  #inputsFor(
    command: RequestInferenceCommand,
    model: RegisteredModel,
  ): { inputs: readonly NamedTensor[]; source: 'tensors' | 'text' } {
    const hasInputs = command.inputs !== undefined;
    const hasTexts = command.texts !== undefined;
    if (hasInputs === hasTexts)
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

  /** Refuses before anything is recorded when the engine's queue is already full. */
  #refuseWhenSaturated(): void {
    const stats = this.#deps.engine.stats();
    if (stats.queued >= stats.queueLimit)
      throw new InferenceError('OVERLOADED', 'the inference queue is full; retry later', {
        queued: stats.queued,
        limit: stats.queueLimit,
      });
  }

  #execute(
    model: RegisteredModel,
    inputs: readonly NamedTensor[],
    timeoutMs: number | undefined,
  ): Promise<Settled> {
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

  async #fail(
    runId: string,
    origin: CommandOrigin,
    requested: InferenceRequestedData,
    requestedEvent: EventReference,
    error: unknown,
    idFor: (what: string) => string,
  ): Promise<never> {
    const failure = isInferenceError(error)
      ? error
      : new InferenceError('ENGINE_FAILED', 'the inference engine failed unexpectedly', {}, error);
    if (failure.code === 'MODEL_INTEGRITY_VIOLATION')
      await recordIntegrityViolation(this.#deps, origin, requested.model, failure.details);
    const failed: InferenceFailedData = {
      inferenceId: requested.inferenceId,
      model: requested.model,
      reason: failure.code,
      message: failure.message,
    };
    const recorded = await this.#appendToRun(runId, origin, () => ({
      event: {
        id: idFor('InferenceFailed'),
        type: 'InferenceFailed',
        data: failed,
        cause: requestedEvent.id,
      },
    }));
    if ('replay' in recorded) throw new Error('unreachable: an outcome append never replays');
    throw new InferenceError(failure.code, failure.message, {
      ...failure.details,
      inferenceId: requested.inferenceId,
      requestedEventId: requestedEvent.id,
      failedEventId: recorded.reference.id,
    });
  }

  #replay(runId: string, record: InferenceRecord, request: InferenceRequestedData): InferenceResult {
    if (
      record.requested.inputDigest !== request.inputDigest ||
      record.requested.model.sha256 !== request.model.sha256
    )
      throw new RunError('RUN_INVALID_COMMAND', 'idempotency key reused for another inference request', {
        inferenceId: request.inferenceId,
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
      runId,
      requestedEvent: record.requestedEvent,
      completedEvent: outcome.event,
      replayed: true,
    };
  }

  /**
   * Appends one event to the run's stream, serialised with this process' other appends to that run, deciding
   * on the cached view and re-reading it when another writer moved the stream.
   */
  async #appendToRun(
    runId: string,
    origin: CommandOrigin,
    decide: (view: RunView) => { replay: InferenceRecord } | { event: OutgoingEvent },
  ): Promise<{ replay: InferenceRecord } | { reference: EventReference }> {
    return this.#serialised(runId, async () => {
      let view = await this.#views.get(runId);
      for (let attempt = 1; ; attempt++) {
        const decision = decide(view);
        if ('replay' in decision) return decision;
        const now = new Date(this.#deps.clock.now()).toISOString();
        const event = this.#envelope(decision.event, origin, now);
        const expected: ExpectedRevision = view.state.revision ?? 'no_stream';
        try {
          const appended = await this.#deps.log.append(runStream(runId), [event], expected);
          const landed = appended.events[0]!;
          const reference = {
            id: landed.id,
            revision: landed.revision,
            position: landed.position,
            hash: landed.hash,
          };
          this.#views.apply(runId, {
            type: event.type,
            data: event.data,
            tenant: origin.tenant,
            occurredAt: now,
            idempotencyKey: origin.idempotencyKey,
            reference,
          });
          return { reference };
        } catch (error) {
          if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) {
            if (isMirError(error)) this.#views.forget(runId);
            throw error;
          }
          if (attempt >= this.#maxAttempts)
            throw new RunError(
              'RUN_CONCURRENCY_EXHAUSTED',
              `run ${runId} kept changing; gave up after ${attempt} attempts`,
              {
                runId,
                attempts: attempt,
              },
            );
          view = await this.#views.refresh(runId);
        }
      }
    });
  }

  /** Correlation: the caller's, else the request event; causation: the request event. */
  #envelope(event: OutgoingEvent, origin: CommandOrigin, occurredAt: string): NewEvent {
    const meta: EventMeta = {
      tenant: origin.tenant,
      actor: origin.actor,
      correlationId: origin.correlationId ?? event.cause,
      causationId: event.cause,
      occurredAt,
      ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey }),
    };
    return { id: event.id, type: event.type, schemaVersion: 1, data: event.data as JsonValue, meta };
  }

  #context(origin: CommandOrigin) {
    return { principal: origin.actor.id, tenant: origin.tenant, now: this.#deps.clock.now() };
  }

  async #serialised<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const before = this.#runLocks.get(runId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#runLocks.set(runId, tail);
    try {
      return await mine;
    } finally {
      if (this.#runLocks.get(runId) === tail) this.#runLocks.delete(runId);
    }
  }
}

function describe(name: string, version: string | undefined): string {
  return version === undefined
    ? JSON.stringify(name)
    : `${JSON.stringify(name)} version ${JSON.stringify(version)}`;
}
