import { LogFollower } from '../events/logFollower.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler } from '../commands/commandHandler.js';
import { wholeStreamSource } from '../commands/wholeStreamSource.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import { TenantScopedNames } from '../tenants/tenantScopedNames.js';
import type { ToolRegistrationOrigin } from '../tools/toolRegistry.js';
import { decideEngineRegistration } from './engineDecider.js';
import { normalizeEngineRegistration } from './engineDefinition.js';
import type { EngineRegistration } from './engineDefinition.js';
import { ENGINE_STREAM_PREFIX, engineStream, toRegisteredEngine } from './engineEvents.js';
import type { EngineRegisteredData, RegisteredEngine } from './engineEvents.js';

export interface EngineRegistrationResult {
  readonly engine: RegisteredEngine;
  /** True when this exact definition is the engine's latest revision already: nothing new was recorded. */
  readonly alreadyRegistered: boolean;
}

/**
 * Checks, at registration, that an API key file is readable by MIR and by its owner only (the adapter's
 * `checkSecretFile`); rejects with `CompletionError` `ENGINE_SECRET_UNREADABLE` otherwise. Never reads the key
 * out to its caller.
 */
export type SecretFileCheck = (path: string) => Promise<void>;

/** Where services look engines up, as a tenant: its own and the system tenant's, latest revision of each. */
export interface EngineCatalog {
  find(tenant: string, name: string): Promise<RegisteredEngine | null>;
  list(tenant: string): Promise<RegisteredEngine[]>;
}

export interface EngineRegistryDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly checkSecretFile: SecretFileCheck;
  readonly killSwitch?: KillSwitch;
  readonly maxAttempts?: number;
}

/**
 * The engines registry: each registration an `EngineRegistered` on `engine-<tenant>:<name>`, revisions in order,
 * the latest in force. Like the tool registry, the ledger is its only state: the index follows the log, by this
 * process or any other. A tenant sees its own engines and the system tenant's; another tenant's are unknown.
 */
export class EngineRegistry implements EngineCatalog {
  readonly #log: EventLog;
  readonly #handler: CommandHandler;
  readonly #deps: EngineRegistryDependencies;
  readonly #names = new TenantScopedNames<RegisteredEngine>();
  readonly #follower: LogFollower;

  constructor(deps: EngineRegistryDependencies) {
    this.#deps = deps;
    this.#log = deps.log;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids, { maxAttempts: deps.maxAttempts });
    this.#follower = new LogFollower(
      deps.log,
      { streamPrefixes: [ENGINE_STREAM_PREFIX], types: ['EngineRegistered'] },
      (event) => this.#index(event),
    );
  }

  /**
   * Registers (or revises) `origin.tenant`'s engine. Throws, nothing recorded: `TENANT_HALTED` (recorded by the
   * kill switch), `ENGINE_INVALID`, `ENGINE_SECRET_UNREADABLE` (the key file is missing, unreadable or readable by
   * others), `CONCURRENCY_EXHAUSTED`.
   */
  async register(
    registration: EngineRegistration,
    origin: ToolRegistrationOrigin,
  ): Promise<EngineRegistrationResult> {
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt('RegisterEngine', registration.name, origin),
    );
    const definition = normalizeEngineRegistration(registration);
    if (definition.apiKeyFile !== null) await this.#deps.checkSecretFile(definition.apiKeyFile);
    const stream = engineStream(origin.tenant, definition.name);
    const source = wholeStreamSource(this.#log, stream, latestRevision);
    const outcome = await this.#handler.handle(source, {
      stream,
      origin,
      decide: (latest: RegisteredEngine | null) => {
        const decision = decideEngineRegistration(latest, definition);
        return decision.kind === 'unchanged'
          ? { events: [], value: decision.engine }
          : { events: [decision.event], value: null };
      },
    });
    if (outcome.value !== null) return { engine: outcome.value, alreadyRegistered: true };
    await this.refresh();
    return { engine: toRegisteredEngine(outcome.events[0]!), alreadyRegistered: false };
  }

  /** The latest revision of `name` that `tenant` may use; null for an unknown or another tenant's engine. */
  async find(tenant: string, name: string): Promise<RegisteredEngine | null> {
    await this.refresh();
    return this.#names.versions(tenant, name).at(-1) ?? null;
  }

  /** The latest revision of every engine `tenant` may use, in name order. */
  async list(tenant: string): Promise<RegisteredEngine[]> {
    await this.refresh();
    const latest = new Map<string, RegisteredEngine>();
    for (const engine of this.#names.visible(tenant)) latest.set(engine.name, engine);
    return [...latest.values()];
  }

  /** Reads registrations appended since the last look. */
  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #index(event: RecordedEvent): void {
    const data = event.data as unknown as EngineRegisteredData;
    this.#names.add(event.meta.tenant, data.name, toRegisteredEngine(event));
  }
}

function latestRevision(history: readonly RecordedEvent[]): RegisteredEngine | null {
  const last = history.findLast((event) => event.type === 'EngineRegistered');
  return last === undefined ? null : toRegisteredEngine(last);
}
