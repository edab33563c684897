import type { RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler } from '../commands/commandHandler.js';
import type { StreamSource } from '../commands/commandHandler.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { HaltedAttempt, KillSwitch } from './killSwitchPort.js';
import { haltedAttempt, TenantError } from './killSwitchPort.js';
import type { TenantControlState } from './tenantEvents.js';
import { RefusalRecorder } from './refusalRecorder.js';
import {
  decideTenantControl,
  evolveTenantControl,
  initialTenantControlState,
  tenantStream,
} from './tenantEvents.js';

/**
 * The tenant kill switch over the ledger: `halt` and `resume` append `TenantHalted` / `TenantResumed` to
 * `tenant-<tenant>`; `assertActive` refuses every action of a halted tenant. Each check reads the stream's last
 * event (one indexed read), so a switch engaged by any process — another server, the CLI — stops the very next
 * action everywhere; the fold is only redone when that revision moved.
 */
export class TenantControlService implements KillSwitch {
  readonly #log: EventLog;
  readonly #handler: CommandHandler;
  readonly #states = new Map<string, TenantControlState>();
  readonly #refusals: RefusalRecorder;

  /** `refusals`: where refused attempts are recorded (default: a recorder of its own that coalesces nothing). */
  constructor(
    log: EventLog,
    clock: Clock,
    ids: IdGenerator,
    refusals = new RefusalRecorder(log, clock, ids),
  ) {
    this.#log = log;
    this.#handler = new CommandHandler(log, clock, ids);
    this.#refusals = refusals;
  }

  async assertActive(tenant: string, attempt?: HaltedAttempt): Promise<void> {
    if (attempt?.actor.kind === 'system') return;
    const { halted } = await this.status(tenant);
    if (halted === null) return;
    const refusalEventId = attempt === undefined ? null : await this.#recordRefusal(tenant, halted, attempt);
    throw new TenantError('TENANT_HALTED', `tenant ${tenant} is halted: ${halted.reason}`, {
      tenant,
      haltedBy: halted.by,
      reason: halted.reason,
      haltedAt: halted.at,
      ...(refusalEventId === null ? {} : { refusalEventId }),
    });
  }

  /** Records `TenantActionRefused` (coalesced like every refusal); its id, or null when the ledger would not take it. */
  #recordRefusal(
    tenant: string,
    halted: NonNullable<TenantControlState['halted']>,
    attempt: HaltedAttempt,
  ): Promise<string | null> {
    return this.#refusals.record({
      type: 'TenantActionRefused',
      tenant,
      actor: attempt.actor,
      action: attempt.action,
      subject: attempt.subject,
      reason: 'TENANT_HALTED',
      details: { haltedBy: halted.by, haltReason: halted.reason, haltedAt: halted.at },
      ...(attempt.correlationId === undefined ? {} : { correlationId: attempt.correlationId }),
    });
  }

  async status(tenant: string): Promise<TenantControlState> {
    const stream = tenantStream(tenant);
    const [last] = await this.#log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const cached = this.#states.get(tenant) ?? initialTenantControlState;
    if ((last?.revision ?? null) === cached.revision) return cached;
    const state = foldTenantControl(await this.#log.readStream(stream));
    this.#states.set(tenant, state);
    return state;
  }

  /**
   * Engages the kill switch. Halting a halted tenant is an action of a halted tenant like any other: refused with
   * `TENANT_HALTED` and recorded (only resuming, and cancelling runs, go through).
   */
  async halt(tenant: string, reason: string, origin: CommandOrigin): Promise<TenantControlState> {
    await this.assertActive(tenant, haltedAttempt('HaltTenant', null, origin));
    return this.#execute({ type: 'HaltTenant', tenant, reason }, origin);
  }

  resume(tenant: string, reason: string, origin: CommandOrigin): Promise<TenantControlState> {
    return this.#execute({ type: 'ResumeTenant', tenant, reason }, origin);
  }

  async #execute(
    command: {
      readonly type: 'HaltTenant' | 'ResumeTenant';
      readonly tenant: string;
      readonly reason: string;
    },
    origin: CommandOrigin,
  ): Promise<TenantControlState> {
    const outcome = await this.#handler.handle(this.#source(command.tenant), {
      stream: tenantStream(command.tenant),
      // The switch's events are the tenant's, whoever engages it (the CLI acts as the system).
      origin: { ...origin, tenant: command.tenant },
      decide: (state: TenantControlState) => ({
        events: decideTenantControl(command, state, origin.actor.id),
        value: state,
      }),
    });
    return outcome.events.length === 0 ? outcome.value : this.status(command.tenant);
  }

  /** The switch's state from `status` (its cache, checked against the stream's head on every load). */
  #source(tenant: string): StreamSource<TenantControlState> {
    return {
      load: async () => {
        const state = await this.status(tenant);
        return { state, revision: state.revision };
      },
      // Halting and resuming carry no idempotency key: a repeat decides nothing on its own.
      recorded: () => Promise.resolve([]),
    };
  }
}

function foldTenantControl(events: readonly RecordedEvent[]): TenantControlState {
  return events.reduce(
    (state, event) =>
      evolveTenantControl(state, {
        type: event.type,
        data: event.data,
        revision: event.revision,
        occurredAt: event.meta.occurredAt,
      }),
    initialTenantControlState,
  );
}
