import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { differingArguments } from '../events/differingArguments.js';
import type { Role } from '../access/roles.js';
import { hasErrorCode } from '../errors/mirError.js';
import type { EventMeta, NewEvent, RecordedEvent } from '../events/eventEnvelope.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../runs/runCommandService.js';
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
import { foldMemory, readWholeStream, refusalOf, runFacts } from './memoryHistory.js';
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

type Decide<Event> = (
  history: readonly RecordedEvent[],
  context: MemoryContext,
) => Promise<MemoryDecision<Event>>;

/**
 * Memory commands: load → fold → decide → append with the expected revision → retry on conflict (bounded).
 * Propose, review and retract write the memory's stream; apply writes the run's stream (`MemoryApplied` or
 * `MemoryApplyRefused`). A recorded refusal is appended first, then thrown as a `MemoryError` whose details add
 * `eventId`. The tenant's kill switch is checked before anything is read.
 */
export class MemoryService {
  readonly #deps: MemoryServiceDependencies;
  readonly #maxAttempts: number;

  constructor(deps: MemoryServiceDependencies) {
    this.#deps = deps;
    this.#maxAttempts = deps.maxAttempts ?? 5;
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
        : this.#deps.ids.fromKey(`memory\n${keyScope(origin)}`);
    const proposal = { ...command, memoryId };
    checkProposal(proposal, this.#deps.clock.now());
    await this.#resolveProvenance(origin.tenant, command.provenance);
    const facts = {
      contentDigest: this.#deps.digester.sha256(command.content),
      embedding: await this.#embed(command.content),
    };
    return this.#onMemory(memoryId, { name: 'ProposeMemory', args: command }, origin, (history, context) =>
      Promise.resolve({
        events: decidePropose(proposal, foldMemory(history), context, facts),
        refusal: null,
      }),
    );
  }

  async review(command: ReviewMemory, origin: MemoryOrigin): Promise<MemoryCommandResult> {
    await this.#assertActive(origin, 'ReviewMemory', command.memoryId);
    const keyed = { name: 'ReviewMemory', args: { decision: command.decision, reason: command.reason } };
    return this.#onMemory(command.memoryId, keyed, origin, (history, context) =>
      Promise.resolve(decideReview(command, foldMemory(history), context)),
    );
  }

  async retract(command: RetractMemory, origin: MemoryOrigin): Promise<MemoryCommandResult> {
    await this.#assertActive(origin, 'RetractMemory', command.memoryId);
    const keyed = { name: 'RetractMemory', args: { reason: command.reason } };
    return this.#onMemory(command.memoryId, keyed, origin, (history, context) =>
      Promise.resolve({ events: decideRetract(command, foldMemory(history), context), refusal: null }),
    );
  }

  /**
   * Applies an approved memory to a run: `MemoryApplied` on the run's stream names the memory revision used. The
   * memory stream is read in the same attempt as the run's; a retraction committed after that read is not seen by
   * this apply, and the recorded `memoryRevision` says exactly which version the run got.
   */
  async apply(runId: string, memoryId: string, origin: MemoryOrigin): Promise<readonly RecordedEvent[]> {
    await this.#assertActive(origin, 'ApplyMemory', runId);
    const stream = runStream(runId);
    const decide: Decide<RunMemoryEvent> = async (history, context) => {
      const memory = foldMemory(await readWholeStream(this.#deps.log, memoryStream(origin.tenant, memoryId)));
      return decideApply({ runId, memoryId }, memory, runFacts(history), context);
    };
    return (await this.#decideAndAppend(stream, { name: 'ApplyMemory', args: { memoryId } }, origin, decide))
      .events;
  }

  async #onMemory(
    memoryId: string,
    command: KeyedCommand,
    origin: MemoryOrigin,
    decide: Decide<MemoryEvent>,
  ): Promise<MemoryCommandResult> {
    const { history, events, replayed } = await this.#decideAndAppend(
      memoryStream(origin.tenant, memoryId),
      command,
      origin,
      decide,
    );
    return { memoryId, state: foldMemory(history), events, replayed };
  }

  /** The load/decide/append loop shared by both streams; returns the stream's history after the command. */
  async #decideAndAppend<Event extends MemoryEvent | RunMemoryEvent>(
    stream: string,
    command: KeyedCommand,
    origin: MemoryOrigin,
    decide: Decide<Event>,
  ): Promise<{ history: RecordedEvent[]; events: RecordedEvent[]; replayed: boolean }> {
    const eventId = (index: number) =>
      origin.idempotencyKey === undefined
        ? this.#deps.ids.newId()
        : this.#deps.ids.fromKey(`event\n${keyScope(origin)}\n${command.name}\n${index}`);
    for (let attempt = 1; ; attempt++) {
      const history = await readWholeStream(this.#deps.log, stream);
      const first =
        origin.idempotencyKey === undefined ? -1 : history.findIndex((event) => event.id === eventId(0));
      if (first >= 0) return replay(history, first, command);
      const now = this.#deps.clock.now();
      const context: MemoryContext = {
        principal: origin.actor.id,
        role: origin.role,
        tenant: origin.tenant,
        now,
      };
      const decision = await decide(history, context);
      const ids = decision.events.map((_, index) => eventId(index));
      const events = decision.events.map((event, index) =>
        envelope(event, ids[index]!, ids[0]!, origin, now),
      );
      const revision = history.at(-1)?.revision ?? null;
      try {
        await this.#deps.log.append(stream, events, revision ?? 'no_stream');
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
        if (attempt >= this.#maxAttempts)
          throw new MemoryError(
            'MEMORY_CONCURRENCY_EXHAUSTED',
            `${stream} kept changing; gave up after ${attempt} attempts`,
            {
              stream,
              attempts: attempt,
            },
          );
        continue;
      }
      const appended = await this.#deps.log.readStream(stream, {
        fromRevision: (revision ?? -1) + 1,
        maxCount: events.length,
      });
      if (decision.refusal !== null) throw withEventId(decision.refusal, ids[0]!);
      return { history: [...history, ...appended], events: appended, replayed: false };
    }
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
interface KeyedCommand {
  readonly name: string;
  /** Recorded under the same names in the command's first event (a refusal records its own). */
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * A retried command: the events its key already appended; a recorded refusal is thrown again; the key reused with
 * other arguments is IDEMPOTENCY_CONFLICT.
 */
function replay(
  history: RecordedEvent[],
  first: number,
  command: KeyedCommand,
): { history: RecordedEvent[]; events: RecordedEvent[]; replayed: boolean } {
  const event = history[first]!;
  const refusal = refusalOf(event);
  if (refusal !== null) throw refusal;
  const differing = differingArguments(command.args, event.data);
  if (differing.length > 0)
    throw idempotencyConflict(`idempotency key reused with other arguments for ${command.name}`, {
      stream: event.stream,
      command: command.name,
      fields: differing,
    });
  return { history: history.slice(0, first + 1), events: [event], replayed: true };
}

function withEventId(error: MemoryError, eventId: string): MemoryError {
  return new MemoryError(error.code, error.message, { ...error.details, eventId });
}

function keyScope(origin: CommandOrigin): string {
  return `${origin.tenant}\n${origin.actor.kind}:${origin.actor.id}\n${origin.idempotencyKey ?? ''}`;
}

/** Correlation: the caller's, else this command's first event; causation: this command's first event. */
function envelope(
  event: MemoryEvent | RunMemoryEvent,
  id: string,
  firstId: string,
  origin: CommandOrigin,
  now: number,
): NewEvent {
  const meta: EventMeta = {
    tenant: origin.tenant,
    actor: origin.actor,
    correlationId: origin.correlationId ?? firstId,
    causationId: firstId,
    occurredAt: new Date(now).toISOString(),
    ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey }),
  };
  return { id, type: event.type, schemaVersion: 1, data: memoryEventData(event), meta };
}
