import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog, EventSubscription } from '../ports/eventLog.js';
import { RUN_ENDED_EVENTS, RUN_STREAM_PREFIX } from '../runs/runEvents.js';

const RUN_ENDED: readonly string[] = RUN_ENDED_EVENTS;

/** A watched run: its signal aborts when the run ends. `stop()` when the work it guards is over. */
export interface RunEndSignal {
  readonly signal: AbortSignal;
  stop(): void;
}

interface Watcher {
  readonly runId: string;
  readonly controller: AbortController;
}

/**
 * Aborts the work of a run (a runtime tool in flight) as soon as the run ends — `cancelRun` above all, in this
 * process or in any other sharing the ledger. One catch-up subscription to the runs' end events serves every
 * watcher; it is open only while something is watched. A watcher that joins an open subscription also reads its
 * run once from its own revision, so an end the subscription had already passed is not missed.
 */
export class RunEndWatch {
  readonly #log: EventLog;
  readonly #watchers = new Set<Watcher>();
  #subscription: EventSubscription | null = null;

  constructor(log: EventLog) {
    this.#log = log;
  }

  /** Watches `runId` for an end recorded after `since`, an event of its stream (e.g. the call's request). */
  watch(runId: string, since: { readonly position: number; readonly revision: number }): RunEndSignal {
    const watcher: Watcher = { runId, controller: new AbortController() };
    this.#watchers.add(watcher);
    // A subscription opened now starts right after `since`: it reads the very range a check would.
    if (this.#subscription === null) this.#follow(since.position + 1);
    else void this.#checkOnce(watcher, since.revision + 1);
    return { signal: watcher.controller.signal, stop: () => this.#unwatch(watcher) };
  }

  /** Stops following; every signal still watched is left as it is. */
  async close(): Promise<void> {
    this.#watchers.clear();
    await this.#stopFollowing();
  }

  #follow(fromPosition: number): void {
    const subscription = this.#log.subscribeToAll({
      fromPosition,
      filter: { streamPrefixes: [RUN_STREAM_PREFIX], types: RUN_ENDED },
    });
    this.#subscription = subscription;
    void (async () => {
      try {
        for await (const event of subscription) this.#ended(event);
      } catch {
        // A closed or failed log ends the watch; the tools' own timeouts still bound the work.
      }
    })();
  }

  async #checkOnce(watcher: Watcher, fromRevision: number): Promise<void> {
    try {
      const later = await this.#log.readStream(`${RUN_STREAM_PREFIX}${watcher.runId}`, { fromRevision });
      const ended = later.find((event) => RUN_ENDED.includes(event.type));
      if (ended !== undefined) this.#ended(ended);
    } catch {
      // As above: the shared subscription and the tool's timeout remain.
    }
  }

  #ended(event: RecordedEvent): void {
    const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
    for (const watcher of this.#watchers) {
      if (watcher.runId !== runId || watcher.controller.signal.aborted) continue;
      watcher.controller.abort(new Error(`run ${runId} ended (${event.type}) while the call was in flight`));
    }
  }

  #unwatch(watcher: Watcher): void {
    this.#watchers.delete(watcher);
    if (this.#watchers.size === 0) void this.#stopFollowing();
  }

  async #stopFollowing(): Promise<void> {
    const subscription = this.#subscription;
    this.#subscription = null;
    await subscription?.close();
  }
}
