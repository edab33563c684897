import { LogFollower } from '../events/logFollower.js';
import type { Actor, RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler } from '../commands/commandHandler.js';
import { wholeStreamSource } from '../commands/wholeStreamSource.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { SchemaValidator } from './schemaValidator.js';
import { decideToolRegistration, registeredVersion } from './toolDecider.js';
import { normalizeToolRegistration } from './toolDefinition.js';
import type { ToolRegistration } from './toolDefinition.js';
import { TOOL_STREAM_PREFIX, toRegisteredTool, toolStream } from './toolEvents.js';
import type { RegisteredTool, ToolRegisteredData } from './toolEvents.js';
import { ToolError } from './toolErrors.js';
import { TenantScopedNames } from '../tenants/tenantScopedNames.js';

export interface ToolRegistrationOrigin {
  readonly actor: Actor;
  /** Whose tool it becomes: the system tenant's are built-ins every tenant sees; any other tenant's are its own. */
  readonly tenant: string;
  readonly correlationId?: string;
}

export interface ToolRegistrationResult {
  readonly tool: RegisteredTool;
  /** True when this exact definition was already registered: nothing new was recorded. */
  readonly alreadyRegistered: boolean;
}

/**
 * Where callers look tools up, as a tenant: its own tools and the built-ins. Unknown names, unknown versions and
 * another tenant's tools all give null alike: callers deny the call.
 */
export interface ToolCatalog {
  find(tenant: string, name: string, version: string): Promise<RegisteredTool | null>;
}

export interface ToolRegistryDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly schemas: SchemaValidator;
  /** Appends tried on a raced stream before `CONCURRENCY_EXHAUSTED`. Default 5. */
  readonly maxAttempts?: number;
  /** Refuses registrations by a halted tenant (default: none). */
  readonly killSwitch?: KillSwitch;
}

/**
 * The tool registry: which tool versions MIR mediates, each an immutable `ToolRegistered` event on the tool's
 * stream. The ledger is its only state: the in-memory index is rebuilt from it and follows registrations made
 * by other processes (a miss re-reads the log before answering null).
 *
 * Tools belong to the tenant that registered them (the event's `meta.tenant`): a tenant sees and calls its own
 * and the built-ins (the system tenant's), never another tenant's. Two tenants may register the same name
 * independently; a tenant may not register under a built-in's name (`TOOL_NAME_RESERVED`).
 */
export class ToolRegistry implements ToolCatalog {
  readonly #log: EventLog;
  readonly #handler: CommandHandler;
  readonly #schemas: SchemaValidator;
  readonly #killSwitch: KillSwitch;
  readonly #names = new TenantScopedNames<RegisteredTool>();
  readonly #follower: LogFollower;

  constructor(deps: ToolRegistryDependencies) {
    this.#log = deps.log;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids, { maxAttempts: deps.maxAttempts });
    this.#schemas = deps.schemas;
    this.#killSwitch = deps.killSwitch ?? NO_KILL_SWITCH;
    this.#follower = new LogFollower(
      deps.log,
      { streamPrefixes: [TOOL_STREAM_PREFIX], types: ['ToolRegistered'] },
      (event) => this.#index(event),
    );
  }

  /**
   * Registers a tool version as `origin.tenant`'s. Throws, with nothing recorded: `TOOL_INVALID` (malformed
   * definition or schema, a compensating tool the tenant cannot see), `TOOL_NAME_RESERVED` (a built-in's name;
   * details `name`), `TOOL_VERSION_CONFLICT`, or `CONCURRENCY_EXHAUSTED`; before
   * anything else, `TENANT_HALTED` (recorded by the kill switch).
   */
  async register(
    registration: ToolRegistration,
    origin: ToolRegistrationOrigin,
  ): Promise<ToolRegistrationResult> {
    await this.#killSwitch.assertActive(
      origin.tenant,
      haltedAttempt('RegisterTool', registration.name, origin),
    );
    const definition = normalizeToolRegistration(registration, this.#schemas);
    const { tenant } = origin;
    await this.refresh();
    if (this.#names.reserved(tenant, definition.name))
      throw new ToolError(
        'TOOL_NAME_RESERVED',
        `${definition.name} is the name of a built-in tool: register your tool under another name`,
        { name: definition.name },
      );
    const existing = this.#lookup(tenant, definition.name, definition.version);
    const decision = decideToolRegistration(existing, definition);
    if (decision.kind === 'unchanged') return { tool: decision.tool, alreadyRegistered: true };
    await this.#checkCompensationTarget(tenant, definition);
    return this.#append(definition, origin);
  }

  /** The version of `name` that `tenant` sees (its own or a built-in); null for anything else. */
  async find(tenant: string, name: string, version: string): Promise<RegisteredTool | null> {
    const local = this.#lookup(tenant, name, version);
    if (local !== null) return local;
    await this.refresh();
    return this.#lookup(tenant, name, version);
  }

  /** Every tool version `tenant` sees (its own and the built-ins), by name then registration order. */
  async list(tenant: string): Promise<RegisteredTool[]> {
    await this.refresh();
    return this.#names.visible(tenant);
  }

  /** Reads registrations appended since the last look (by this or any other process). */
  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #lookup(tenant: string, name: string, version: string): RegisteredTool | null {
    return this.#names.versions(tenant, name).find((tool) => tool.version === version) ?? null;
  }

  #index(event: RecordedEvent): void {
    // The first registration of a version wins; the decider keeps later duplicates from being written.
    this.#names.add(
      event.meta.tenant,
      (event.data as unknown as ToolRegisteredData).name,
      toRegisteredTool(event),
    );
  }

  /** A compensation must name a tool version the tenant sees, or the tool version being registered itself. */
  async #checkCompensationTarget(tenant: string, definition: ToolRegisteredData): Promise<void> {
    const target = definition.compensation;
    if (target === null) return;
    if (target.tool === definition.name && target.version === definition.version) return;
    if ((await this.find(tenant, target.tool, target.version)) !== null) return;
    throw new ToolError(
      'TOOL_INVALID',
      `invalid tool registration: the compensating tool ${target.tool}@${target.version} is not registered`,
      { reason: 'unknown compensating tool', tool: target.tool, version: target.version },
    );
  }

  /**
   * Appends the version to the tool's stream through the command handler, deciding again from the stream
   * itself: when another writer registered it first, its record decides (unchanged or TOOL_VERSION_CONFLICT).
   */
  async #append(data: ToolRegisteredData, origin: ToolRegistrationOrigin): Promise<ToolRegistrationResult> {
    const stream = toolStream(origin.tenant, data.name);
    const source = wholeStreamSource(this.#log, stream, (history) =>
      registeredVersion(history, data.version),
    );
    const outcome = await this.#handler.handle(source, {
      stream,
      origin,
      decide: (existing: RegisteredTool | null) => {
        const decision = decideToolRegistration(existing, data);
        return decision.kind === 'unchanged'
          ? { events: [], value: { tool: decision.tool, alreadyRegistered: true } }
          : { events: [decision.event], value: null };
      },
    });
    if (outcome.value !== null) return outcome.value;
    await this.refresh(); // index in log order, so others' earlier versions stay before this one
    return { tool: toRegisteredTool(outcome.events[0]!), alreadyRegistered: false };
  }
}
