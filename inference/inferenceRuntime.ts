import type {
  Clock,
  EngineLoadResult,
  EventLog,
  Featurizer,
  IdGenerator,
  InferenceEngine,
  KillSwitch,
  RegisteredModel,
  TensorDigester,
  Timer,
} from '../domain/index.js';
import { hasErrorCode, InferenceService, recordIntegrityViolation } from '../domain/index.js';
import { ContentAddressedModelStore } from './registry/contentAddressedModelStore.js';
import { ModelRegistry } from './registry/modelRegistry.js';
import { systemTimer } from './systemTimer.js';
import type { ModelRegistration, RegistrationOrigin, RegistrationResult } from './registry/modelRegistry.js';

export interface InferenceRuntimeDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The content-addressed model store's folder (`<data>/models`). */
  readonly modelsDir: string;
  readonly engine: InferenceEngine;
  readonly featurizer: Featurizer;
  readonly digester: TensorDigester;
  /** Defaults to Node's timers. */
  readonly timer?: Timer;
  /** Refuses requests of halted tenants. */
  readonly killSwitch?: KillSwitch;
  /** See `InferenceServiceDependencies.requestRecordWindowMs`. */
  readonly requestRecordWindowMs?: number;
}

/** A registration and where the model was warmed. */
export type ModelRegistrationOutcome = RegistrationResult & EngineLoadResult;

/**
 * Inference, composed: the model registry over the ledger and the content-addressed store, the engine, and the
 * governed inference service. Registering a model also warms it on the engine, so the first request does not pay
 * the load; a load refused because the file changed is recorded on the model's stream.
 */
export class InferenceRuntime {
  readonly registry: ModelRegistry;
  readonly service: InferenceService;
  readonly engine: InferenceEngine;
  readonly #deps: InferenceRuntimeDependencies;

  constructor(deps: InferenceRuntimeDependencies) {
    this.#deps = deps;
    this.engine = deps.engine;
    this.registry = new ModelRegistry({
      log: deps.log,
      store: new ContentAddressedModelStore(deps.modelsDir),
      clock: deps.clock,
      ids: deps.ids,
      featurizer: deps.featurizer,
      ...(deps.killSwitch === undefined ? {} : { killSwitch: deps.killSwitch }),
    });
    this.service = new InferenceService({
      ...deps,
      timer: deps.timer ?? systemTimer,
      catalog: this.registry,
    });
  }

  async registerModel(
    registration: ModelRegistration,
    origin: RegistrationOrigin,
  ): Promise<ModelRegistrationOutcome> {
    const registered = await this.registry.register(registration, origin);
    return { ...registered, ...(await this.warm(registered.model, origin)) };
  }

  /** The models `tenant` sees: its own and the shipped ones. */
  listModels(tenant: string): Promise<RegisteredModel[]> {
    return this.registry.list(tenant);
  }

  /** Loads `model` on the engine; a file that no longer matches its hash is refused and the refusal recorded. */
  async warm(model: RegisteredModel, origin: RegistrationOrigin): Promise<EngineLoadResult> {
    try {
      return await this.engine.load({
        name: model.name,
        version: model.version,
        sha256: model.sha256,
        location: this.registry.locate(model),
      });
    } catch (error) {
      if (hasErrorCode(error, 'MODEL_INTEGRITY_VIOLATION'))
        await recordIntegrityViolation(this.#deps, origin, model, error.details);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
