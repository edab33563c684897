import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { differingArguments } from '../events/differingArguments.js';
import type { Role } from '../access/roles.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler } from '../commands/commandHandler.js';
import { keyedCommand, keyedId } from '../commands/commandKeys.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import { readWholeStream, wholeStreamSource } from '../commands/wholeStreamSource.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import { runStream } from '../runs/runEvents.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import type { MemoryContext, ProposeMemory, RetractMemory, ReviewMemory } from './memoryCommands.js';
import {
  checkProposal,
  checkProvenanceFound,
  decideApply,
  decidePropose,
  decideRetract,
  decideReview,
} from './memoryDecider.js';
import type { MemoryDecision } from './memoryDecider.js';
import { MemoryError } from './memoryErrors.js';
import { memoryEventData, memoryStream } from './memoryEvents.js';
import type { MemoryEmbedding, MemoryEvent, RunMemoryEvent } from './memoryEvents.js';
import { foldMemory, refusalOf } from './memoryHistory.js';
import type { ContentDigester, SourceEvents, TextEmbedder } from './memoryPorts.js';
import type { MemoryState } from './memoryState.js';

export interface MemoryServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly digester: ContentDigester;
  /** Resolves a proposal's provenance ids to events of the proposer's tenant; an unresolved id is refused. */
  readonly sourceEvents: SourceEvents;
  /** Embeds content at proposal time (recorded in `MemoryProposed`); without one, memory has no embedding. */
  readonly embedder?: TextEmbedder;
  /** Checked first by every command. Default: none. */
  readonly killSwitch?: KillSwitch;
  /** Attempts per command when another writer moves the stream first. Default 5. */
  readonly maxAttempts?: number;
}

/** A command's origin plus the principal's role, which memory rules depend on. */
export interface MemoryOrigin extends CommandOrigin {
  readonly role: Role;
}

export interface MemoryCommandResult {
  readonly memoryId: string;
  /** The memory after the command. */
  readonly state: MemoryState;
  /** The events this command appended (or, for a retry with the same idempotency key, had appended). */
  readonly events: readonly RecordedEvent[];
  readonly replayed: boolean;
}

/** A decision on the memory's state, in context; a recorded refusal is appended, then thrown. */
type Decide<State, Event> = (state: State, context: MemoryContext) => Promise<MemoryDecision<Event>>;

/**
 * Memory commands: load → fold → decide → append with the expected revision → retry on conflict (bounded).
 * Propose, review and retract write the memory's stream; apply writes the run's stream (`MemoryApplied` or
 * `MemoryApplyRefused`). A recorded refusal is appended first, then thrown as a `MemoryError` whose details add
 * `eventId`. The tenant's kill switch is checked before anything is read.
 */
export class MemoryService {
  readonly #deps: MemoryServiceDependencies;
  readonly #handler: CommandHandler;
  readonly #runs: RunStreamWriter;

  constructor(deps: MemoryServiceDependencies) {
    this.#deps = deps;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids, { maxAttempts: deps.maxAttempts });
    this.#runs = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
  }

  /**
   * Proposes a memory; its id comes from the idempotency key when there is one, so a retry names the same one.
   * Every provenance id must name an event of the proposer's tenant (resolved through `sourceEvents`, once:
   * events are never removed, so a resolved id stays resolved across retries); an unknown id, another tenant's
   * event id or a repeated id is refused with MEMORY_INVALID_COMMAND (field `provenance`) and nothing is recorded.
   */
  async propose(
    command: Omit<ProposeMemory, 'memoryId'>,
    origin: MemoryOrigin,
  ): Promise<MemoryCommandResult> {
    await this.#assertActive(origin, 'ProposeMemory', null);
    const memoryId =
      origin.idempotencyKey === undefined
        ? this.#deps.ids.newId()
        : keyedId(this.#deps.ids, origin, 'memory')!;
    const proposal = { ...command, memoryId };
    checkProposal(proposal, this.#deps.clock.now());
    await this.#resolveProvenance(origin.tenant, command.provenance);
    const facts = {
      contentDigest: this.#deps.digester.sha256(command.content),
      embedding: await this.#embed(command.content),
    };
    return this.#onMemory(memoryId, { name: 'ProposeMemory', args: command }, origin, (state, context) =>
      Promise.resolve({
        events: decidePropose(proposal, state, context, facts),
        refusal: null,
      }),
    );
  }

  async review(command: ReviewMemory, origin: MemoryOrigin): Promise<MemoryCommandResult> {
    await this.#assertActive(origin, 'ReviewMemory', command.memoryId);
    const keyed = { name: 'ReviewMemory', args: { decision: command.decision, reason: command.reason } };
    return this.#onMemory(command.memoryId, keyed, origin, (state, context) =>
      Promise.resolve(decideReview(command, state, context)),
    );
  }

  async retract(command: RetractMemory, origin: MemoryOrigin): Promise<MemoryCommandResult> {
    await this.#assertActive(origin, 'RetractMemory', command.memoryId);
    const keyed = { name: 'RetractMemory', args: { reason: command.reason } };
    return this.#onMemory(command.memoryId, keyed, origin, (state, context) =>
      Promise.resolve({ events: decideRetract(command, state, context), refusal: null }),
    );
  }

  /**
   * Applies an approved memory to a run: `MemoryApplied` on the run's stream names the memory revision used. The
   * memory stream is read in the same attempt as the run's; a retraction committed after that read is not seen by
   * this apply, and the recorded `memoryRevision` says exactly which version the run got.
   */
  async apply(runId: string, memoryId: string, origin: MemoryOrigin): Promise<readonly RecordedEvent[]> {
    await this.#assertActive(origin, 'ApplyMemory', runId);
    const keyed = keyedCommand(this.#deps.ids, origin, 'ApplyMemory', runStream(runId), (recorded) =>
      replayed(recorded, { name: 'ApplyMemory', args: { memoryId } }),
    );
    const written = await this.#runs.write(
      runId,
      origin,
      async (run, now) => {
        const memory = foldMemory(
          await readWholeStream(this.#deps.log, memoryStream(origin.tenant, memoryId)),
        );
        const facts = { state: run, startedBy: run.startedBy };
        const decision = decideApply({ runId, memoryId }, memory, facts, contextOf(origin, now));
        return { events: decision.events.map(planned), value: decision.refusal };
      },
      keyed,
    );
    if (written.value !== null) throw withEventId(written.value, written.appended[0]!.id);
    return written.appended;
  }

  async #onMemory(
    memoryId: string,
    command: KeyedCommandArgs,
    origin: MemoryOrigin,
    decide: Decide<MemoryState, MemoryEvent>,
  ): Promise<MemoryCommandResult> {
    const stream = memoryStream(origin.tenant, memoryId);
    const source = wholeStreamSource(this.#deps.log, stream, foldMemory);
    const outcome = await this.#handler.handle(source, {
      stream,
      origin,
      decide: async (state: MemoryState, now: number) => {
        const decision = await decide(state, contextOf(origin, now));
        return { events: decision.events.map(planned), value: decision.refusal };
      },
      keyed: keyedCommand(this.#deps.ids, origin, command.name, stream, (recorded) =>
        replayed(recorded, command),
      ),
    });
    if (outcome.value !== null) throw withEventId(outcome.value, outcome.events[0]!.id);
    return {
      memoryId,
      state: foldMemory(source.history()),
      events: outcome.events,
      replayed: outcome.replayed,
    };
  }

  async #resolveProvenance(tenant: string, provenance: readonly string[]): Promise<void> {
    if (provenance.length === 0) return;
    checkProvenanceFound(provenance, await this.#deps.sourceEvents.existing(tenant, provenance));
  }

  async #embed(content: string): Promise<MemoryEmbedding | null> {
    if (this.#deps.embedder === undefined) return null;
    const { model, vectors } = await this.#deps.embedder.embed([content]);
    const [vector] = vectors;
    if (vector === undefined) throw new Error('the embedder returned no vector');
    return {
      model: { name: model.name, version: model.version, sha256: model.sha256 },
      vector: Array.from(vector),
    };
  }

  #assertActive(origin: MemoryOrigin, action: string, subject: string | null): Promise<void> {
    const attempt = haltedAttempt(action, subject, origin);
    return (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(origin.tenant, attempt);
  }
}

/** A command as its idempotency key names it, and the arguments a retry must repeat. */
interface KeyedCommandArgs {
  readonly name: string;
  /** Recorded under the same names in the command's first event (a refusal records its own). */
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * A retried command: a recorded refusal is thrown again; the key reused with other arguments is
 * IDEMPOTENCY_CONFLICT; else the recorded outcome stands (null: no refusal).
 */
function replayed(recorded: readonly RecordedEvent[], command: KeyedCommandArgs): null {
  const event = recorded[0]!;
  const refusal = refusalOf(event);
  if (refusal !== null) throw refusal;
  const differing = differingArguments(command.args, event.data);
  if (differing.length > 0)
    throw idempotencyConflict(`idempotency key reused with other arguments for ${command.name}`, {
      stream: event.stream,
      command: command.name,
      fields: differing,
    });
  return null;
}

function withEventId(error: MemoryError, eventId: string): MemoryError {
  return new MemoryError(error.code, error.message, { ...error.details, eventId });
}

function contextOf(origin: MemoryOrigin, now: number): MemoryContext {
  return { principal: origin.actor.id, role: origin.role, tenant: origin.tenant, now };
}

function planned(event: MemoryEvent | RunMemoryEvent): PlannedEvent {
  return { type: event.type, data: memoryEventData(event) as object };
}
