import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunHistoryEvent, RunState } from '../runs/runDecider.js';
import { runStream } from '../runs/runEvents.js';
import type {
  InferenceCompletedData,
  InferenceFailedData,
  InferenceRequestedData,
} from './inferenceEvents.js';

/** Where an event landed in the ledger. */
export interface EventReference {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly hash: string;
}

export type InferenceOutcome =
  | {
      readonly type: 'InferenceCompleted';
      readonly data: InferenceCompletedData;
      readonly event: EventReference;
    }
  | { readonly type: 'InferenceFailed'; readonly data: InferenceFailedData; readonly event: EventReference };

/** A keyed (idempotent) inference as the run's history records it. */
export interface InferenceRecord {
  readonly requested: InferenceRequestedData;
  readonly requestedEvent: EventReference;
  readonly outcome: InferenceOutcome | null;
}

/** What the inference service needs of a run: its state and the keyed inferences a retry may ask about. */
export interface RunView {
  readonly state: RunState;
  readonly keyed: ReadonlyMap<string, InferenceRecord>;
}

/** An event the service itself appended, described without reading it back. */
export interface AppliedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly tenant: string;
  readonly occurredAt: string;
  readonly idempotencyKey: string | undefined;
  readonly reference: EventReference;
}

const PAGE = 10_000;

/**
 * Run views kept in memory between requests, so that a request does not re-read its run's whole stream. The
 * cache is only a starting point: every append carries the view's revision as its expected revision, so a view
 * made stale by another writer (or process) fails that append, is re-read from where it stopped, and the
 * decision is taken again. Bounded: the least recently used run is dropped past `capacity`.
 */
export class RunViewCache {
  readonly #log: EventLog;
  readonly #capacity: number;
  readonly #views = new Map<string, { state: RunState; keyed: Map<string, InferenceRecord> }>();

  constructor(log: EventLog, capacity = 1_000) {
    this.#log = log;
    this.#capacity = capacity;
  }

  async get(runId: string): Promise<RunView> {
    const cached = this.#views.get(runId);
    if (cached !== undefined) {
      this.#views.delete(runId);
      this.#views.set(runId, cached);
      return cached;
    }
    return this.refresh(runId);
  }

  /** Reads what the stream gained since the cached revision (everything, for a run not cached). */
  async refresh(runId: string): Promise<RunView> {
    const view = this.#views.get(runId) ?? {
      state: initialRunState,
      keyed: new Map<string, InferenceRecord>(),
    };
    const stream = runStream(runId);
    for (;;) {
      const page = await this.#log.readStream(stream, {
        fromRevision: (view.state.revision ?? -1) + 1,
        maxCount: PAGE,
      });
      for (const event of page) this.#applyTo(view, fromRecorded(event));
      if (page.length < PAGE) break;
    }
    this.#remember(runId, view);
    return view;
  }

  /** Folds an event this process appended into the cached view (it must be the view's next revision). */
  apply(runId: string, event: AppliedEvent): void {
    const view = this.#views.get(runId);
    if (view !== undefined && event.reference.revision === (view.state.revision ?? -1) + 1)
      this.#applyTo(view, event);
    // Anything else means the cache missed events: drop it, the next request re-reads the stream.
    else this.#views.delete(runId);
  }

  forget(runId: string): void {
    this.#views.delete(runId);
  }

  #applyTo(view: { state: RunState; keyed: Map<string, InferenceRecord> }, event: AppliedEvent): void {
    view.state = evolveRun(view.state, {
      type: event.type,
      data: event.data,
      revision: event.reference.revision,
      tenant: event.tenant,
      occurredAt: Date.parse(event.occurredAt),
    } as RunHistoryEvent);
    if (event.type === 'InferenceRequested' && event.idempotencyKey !== undefined) {
      const requested = event.data as InferenceRequestedData;
      view.keyed.set(requested.inferenceId, { requested, requestedEvent: event.reference, outcome: null });
    } else if (event.type === 'InferenceCompleted' || event.type === 'InferenceFailed') {
      const { inferenceId } = event.data as { inferenceId: string };
      const record = view.keyed.get(inferenceId);
      if (record !== undefined)
        view.keyed.set(inferenceId, {
          ...record,
          outcome: { type: event.type, data: event.data, event: event.reference } as InferenceOutcome,
        });
    }
  }

  #remember(runId: string, view: { state: RunState; keyed: Map<string, InferenceRecord> }): void {
    this.#views.delete(runId);
    this.#views.set(runId, view);
    while (this.#views.size > this.#capacity) {
      const oldest = this.#views.keys().next().value;
      if (oldest === undefined) break;
      this.#views.delete(oldest);
    }
  }
}

function fromRecorded(event: RecordedEvent): AppliedEvent {
  return {
    type: event.type,
    data: event.data,
    tenant: event.meta.tenant,
    occurredAt: event.meta.occurredAt,
    idempotencyKey: event.meta.idempotencyKey,
    reference: { id: event.id, revision: event.revision, position: event.position, hash: event.hash },
  };
}
