import { LogFollower } from '../events/logFollower.js';
import type { Actor } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { hasErrorCode } from '../errors/mirError.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { SchemaValidator } from './schemaValidator.js';
import { decideToolRegistration } from './toolDecider.js';
import { normalizeToolRegistration } from './toolDefinition.js';
import type { ToolRegistration } from './toolDefinition.js';
import { TOOL_STREAM_PREFIX, toolStream } from './toolEvents.js';
import type { RegisteredTool, ToolRegisteredData } from './toolEvents.js';
import { ToolError } from './toolErrors.js';

export interface ToolRegistrationOrigin {
  readonly actor: Actor;
  readonly tenant: string;
  readonly correlationId?: string;
}

export interface ToolRegistrationResult {
  readonly tool: RegisteredTool;
  /** True when this exact definition was already registered: nothing new was recorded. */
  readonly alreadyRegistered: boolean;
}

/** Where callers look tools up. Unknown names and unknown versions give null: callers deny the call. */
export interface ToolCatalog {
  find(name: string, version: string): Promise<RegisteredTool | null>;
}

export interface ToolRegistryDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly schemas: SchemaValidator;
  /** Appends tried on a raced stream before `TOOL_CONCURRENCY_EXHAUSTED`. Default 5. */
  readonly maxAttempts?: number;
  /** Refuses registrations by a halted tenant (default: none). */
  readonly killSwitch?: KillSwitch;
}

/**
 * The tool registry: which tool versions MIR mediates, each an immutable `ToolRegistered` event on the tool's
 * stream. The ledger is its only state: the in-memory index is rebuilt from it and follows registrations made
 * by other processes (a miss re-reads the log before answering null).
 */
export class ToolRegistry implements ToolCatalog {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #schemas: SchemaValidator;
  readonly #maxAttempts: number;
  readonly #killSwitch: KillSwitch;
  readonly #byName = new Map<string, RegisteredTool[]>();
  readonly #follower: LogFollower;

  constructor(deps: ToolRegistryDependencies) {
    this.#log = deps.log;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#schemas = deps.schemas;
    this.#maxAttempts = deps.maxAttempts ?? 5;
    this.#killSwitch = deps.killSwitch ?? NO_KILL_SWITCH;
    this.#follower = new LogFollower(
      deps.log,
      { streamPrefixes: [TOOL_STREAM_PREFIX], types: ['ToolRegistered'] },
      (event) =>
        this.#index(event.data as unknown as ToolRegisteredData, event.meta.occurredAt, event.position),
    );
  }

  /**
   * Registers a tool version. Throws `TOOL_INVALID` (malformed definition or schema, a compensating tool that is
   * not registered) with nothing recorded, `TOOL_VERSION_CONFLICT`, or `TOOL_CONCURRENCY_EXHAUSTED`; before
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
    const decision = decideToolRegistration(await this.find(definition.name, definition.version), definition);
    if (decision.kind === 'unchanged') return { tool: decision.tool, alreadyRegistered: true };
    await this.#checkCompensationTarget(definition);
    return this.#append(definition, origin);
  }

  async find(name: string, version: string): Promise<RegisteredTool | null> {
    const local = this.#lookup(name, version);
    if (local !== null) return local;
    await this.refresh();
    return this.#lookup(name, version);
  }

  /** Every registered tool version, by name then registration order. */
  async list(): Promise<RegisteredTool[]> {
    await this.refresh();
    return [...this.#byName.keys()].sort().flatMap((name) => this.#byName.get(name) ?? []);
  }

  /** Reads registrations appended since the last look (by this or any other process). */
  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #lookup(name: string, version: string): RegisteredTool | null {
    return this.#byName.get(name)?.find((tool) => tool.version === version) ?? null;
  }

  #index(data: ToolRegisteredData, registeredAt: string, position: number): void {
    const versions = this.#byName.get(data.name) ?? [];
    // The first registration of a version wins; the decider keeps later duplicates from being written.
    if (versions.some((tool) => tool.version === data.version)) return;
    versions.push({ ...data, registeredAt, position });
    this.#byName.set(data.name, versions);
  }

  /** A compensation must name a registered tool version, or the tool version being registered itself. */
  async #checkCompensationTarget(definition: ToolRegisteredData): Promise<void> {
    const target = definition.compensation;
    if (target === null) return;
    if (target.tool === definition.name && target.version === definition.version) return;
    if ((await this.find(target.tool, target.version)) !== null) return;
    throw new ToolError(
      'TOOL_INVALID',
      `invalid tool registration: the compensating tool ${target.tool}@${target.version} is not registered`,
      { reason: 'unknown compensating tool', tool: target.tool, version: target.version },
    );
  }

  async #append(data: ToolRegisteredData, origin: ToolRegistrationOrigin): Promise<ToolRegistrationResult> {
    const stream = toolStream(data.name);
    const id = this.#ids.newId();
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const [last] = await this.#log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const occurredAt = new Date(this.#clock.now()).toISOString();
      const meta = {
        tenant: origin.tenant,
        actor: origin.actor,
        correlationId: origin.correlationId ?? id,
        causationId: id,
        occurredAt,
      };
      let appendedAt: number | null = null;
      try {
        const event = {
          id,
          type: 'ToolRegistered',
          schemaVersion: 1,
          data: data as unknown as JsonValue,
          meta,
        };
        const result = await this.#log.append(
          stream,
          [event],
          last === undefined ? 'no_stream' : last.revision,
        );
        appendedAt = result.lastPosition;
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
      }
      // Whether this append landed or another writer's did, the indexed version decides the outcome.
      await this.refresh();
      const recorded = this.#lookup(data.name, data.version);
      if (recorded === null) continue;
      decideToolRegistration(recorded, data);
      return { tool: recorded, alreadyRegistered: recorded.position !== appendedAt };
    }
    throw new ToolError(
      'TOOL_CONCURRENCY_EXHAUSTED',
      `registering ${data.name}@${data.version} kept racing other writers`,
      { name: data.name, version: data.version, attempts: this.#maxAttempts },
    );
  }
}
