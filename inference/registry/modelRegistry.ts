import type {
  Actor,
  Clock,
  EventLog,
  FeaturizerSpec,
  Featurizer,
  IdGenerator,
  KillSwitch,
  ModelCatalog,
  ModelRegisteredData,
  RecordedEvent,
  RegisteredModel,
} from '../../domain/index.js';
import {
  CommandHandler,
  decideModelRegistration,
  haltedAttempt,
  InferenceError,
  isMirError,
  LogFollower,
  MODEL_STREAM_PREFIX,
  modelStream,
  NO_KILL_SWITCH,
  registeredModelVersion,
  sameFileOrConflict,
  TenantScopedNames,
  toRegisteredModel,
  wholeStreamSource,
} from '../../domain/index.js';
import type { ContentAddressedModelStore } from './contentAddressedModelStore.js';
import { sha256Hex } from '../../ledger/index.js';
import { inspectOnnxModel } from './onnxModelInspector.js';

export interface ModelRegistration {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly featurizer?: FeaturizerSpec | null;
}

export interface RegistrationOrigin {
  readonly actor: Actor;
  /** Whose model it becomes: the system tenant's are shipped models every tenant sees; others are their own. */
  readonly tenant: string;
  readonly correlationId?: string;
}

export interface RegistrationResult {
  readonly model: RegisteredModel;
  /** True when this name, version and file were already registered: nothing new was recorded. */
  readonly alreadyRegistered: boolean;
}

export const MAX_MODEL_BYTES = 512 * 1024 * 1024;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const MAX_DESCRIPTION = 1_024;

/**
 * The model registry: which model files MIR may run, by name and version, each pinned to the SHA-256 of its
 * bytes. Registration inspects the file (refusing what is not a loadable ONNX model before anything is written),
 * stores it content-addressed and appends `ModelRegistered` to the model's stream. The ledger is the registry's
 * only state: the in-memory index is rebuilt from it and follows registrations made by other processes.
 *
 * Models belong to the tenant that registered them (the event's `meta.tenant`): a tenant sees and runs its own
 * and the shipped ones (the system tenant's), never another tenant's. Two tenants may register the same name
 * independently; a tenant may not register under a shipped model's name (`MODEL_NAME_RESERVED`). The files are
 * shared by content: the same bytes registered by two tenants are stored once.
 */
export class ModelRegistry implements ModelCatalog {
  readonly #log: EventLog;
  readonly #store: ContentAddressedModelStore;
  readonly #handler: CommandHandler;
  readonly #featurizer: Featurizer;
  readonly #killSwitch: KillSwitch;
  readonly #names = new TenantScopedNames<RegisteredModel>();
  readonly #follower: LogFollower;

  constructor(deps: {
    log: EventLog;
    store: ContentAddressedModelStore;
    clock: Clock;
    ids: IdGenerator;
    featurizer: Featurizer;
    /** Refuses registrations by a halted tenant (default: none). */
    killSwitch?: KillSwitch;
  }) {
    this.#log = deps.log;
    this.#store = deps.store;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids);
    this.#featurizer = deps.featurizer;
    this.#killSwitch = deps.killSwitch ?? NO_KILL_SWITCH;
    this.#follower = new LogFollower(
      deps.log,
      { streamPrefixes: [MODEL_STREAM_PREFIX], types: ['ModelRegistered'] },
      (event) => this.#index(event),
    );
  }

  /**
   * Registers a model file as `origin.tenant`'s. Throws, with nothing recorded: `MODEL_INVALID`,
   * `MODEL_NAME_RESERVED` (a shipped model's name; details `name`), `MODEL_VERSION_CONFLICT`, or
   * `CONCURRENCY_EXHAUSTED` (other writers kept moving the model's stream); before anything else,
   * `TENANT_HALTED` (recorded by the kill switch).
   */
  async register(registration: ModelRegistration, origin: RegistrationOrigin): Promise<RegistrationResult> {
    await this.#killSwitch.assertActive(
      origin.tenant,
      haltedAttempt('RegisterModel', registration.name, origin),
    );
    const { name, version } = checkNames(registration);
    const description = registration.description ?? '';
    if (description.length > MAX_DESCRIPTION)
      throw invalid(`the description is longer than ${MAX_DESCRIPTION} characters`);
    if (registration.bytes.length === 0) throw invalid('the model file is empty');
    if (registration.bytes.length > MAX_MODEL_BYTES)
      throw invalid(`the model file is larger than ${MAX_MODEL_BYTES} bytes`);
    const sha256 = sha256Hex(registration.bytes);
    await this.refresh();
    if (this.#names.reserved(origin.tenant, name))
      throw new InferenceError(
        'MODEL_NAME_RESERVED',
        `${name} is the name of a model shipped with MIR: register yours under another name`,
        { name },
      );
    const existing = this.#lookup(origin.tenant, name, version);
    if (existing !== null) return { model: sameFileOrConflict(existing, sha256), alreadyRegistered: true };

    const signature = await inspectOnnxModel(registration.bytes);
    const featurizer = registration.featurizer ?? null;
    if (featurizer !== null) this.#checkFeaturizer(featurizer, signature.inputs);
    this.#store.put(registration.bytes);
    const data: ModelRegisteredData = {
      name,
      version,
      sha256,
      size: registration.bytes.length,
      description,
      featurizer,
      ...signature,
    };
    return this.#append(data, origin);
  }

  async find(tenant: string, name: string, version?: string): Promise<RegisteredModel | null> {
    const local = this.#lookup(tenant, name, version);
    if (local !== null) return local;
    await this.refresh();
    return this.#lookup(tenant, name, version);
  }

  locate(model: RegisteredModel): string {
    return this.#store.pathOf(model.sha256);
  }

  /** Every model `tenant` sees (its own and the shipped ones), by name then registration order. */
  async list(tenant: string): Promise<RegisteredModel[]> {
    await this.refresh();
    return this.#names.visible(tenant);
  }

  /** Every registered model of every tenant, in registration order: for the operator and warming, not callers. */
  async all(): Promise<RegisteredModel[]> {
    await this.refresh();
    return this.#names.all().sort((a, b) => a.position - b.position);
  }

  /** Reads registrations appended since the last look (by this or any other process). */
  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #lookup(tenant: string, name: string, version: string | undefined): RegisteredModel | null {
    const versions = this.#names.versions(tenant, name);
    if (version === undefined) return versions.at(-1) ?? null;
    return versions.find((model) => model.version === version) ?? null;
  }

  #index(event: RecordedEvent): void {
    const model = toRegisteredModel(event);
    this.#names.add(event.meta.tenant, model.name, model);
  }

  #checkFeaturizer(featurizer: FeaturizerSpec, inputs: ModelRegisteredData['inputs']): void {
    const input = inputs.find((candidate) => candidate.name === featurizer.input);
    const last = input?.shape?.at(-1);
    if (
      input === undefined ||
      input.type !== 'float32' ||
      input.shape?.length !== 2 ||
      last !== featurizer.dimensions
    )
      throw invalid(
        `the featurizer feeds ${featurizer.input} with [batch, ${featurizer.dimensions}] float32, which the model does not declare`,
      );
    try {
      this.#featurizer.featurize(featurizer, ['probe']);
    } catch (error) {
      throw invalid(`unusable featurizer: ${isMirError(error) ? error.message : String(error)}`);
    }
  }

  /**
   * Appends the version to the model's stream through the command handler, deciding again from the stream
   * itself: when another writer registered it first, its record decides (unchanged or MODEL_VERSION_CONFLICT).
   */
  async #append(data: ModelRegisteredData, origin: RegistrationOrigin): Promise<RegistrationResult> {
    const stream = modelStream(origin.tenant, data.name);
    const source = wholeStreamSource(this.#log, stream, (history) =>
      registeredModelVersion(history, data.version),
    );
    const outcome = await this.#handler.handle(source, {
      stream,
      origin,
      decide: (existing: RegisteredModel | null) => {
        const decision = decideModelRegistration(existing, data);
        return decision.kind === 'unchanged'
          ? { events: [], value: { model: decision.model, alreadyRegistered: true } }
          : { events: [decision.event], value: null };
      },
    });
    if (outcome.value !== null) return outcome.value;
    await this.refresh(); // index in log order, so others' earlier versions stay before this one
    return { model: toRegisteredModel(outcome.events[0]!), alreadyRegistered: false };
  }
}

function checkNames(registration: ModelRegistration): { name: string; version: string } {
  if (typeof registration.name !== 'string' || !NAME.test(registration.name))
    throw invalid(
      'the name must be 1–64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  if (typeof registration.version !== 'string' || !VERSION.test(registration.version))
    throw invalid('the version must be 1–64 letters, digits, ".", "_", "+" or "-"');
  return { name: registration.name, version: registration.version };
}

function invalid(reason: string): InferenceError {
  return new InferenceError('MODEL_INVALID', `invalid model registration: ${reason}`, { reason });
}
