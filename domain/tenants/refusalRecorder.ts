import type { Actor } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { envelopes } from '../commands/eventEnvelopes.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { Timer } from '../ports/timer.js';
import { tenantRefusalStream } from './tenantEvents.js';

/** A refusal of an authenticated caller's action: who, what, on what, why. */
export interface Refusal {
  /** The event type it is recorded as: `TenantActionRefused` (kill switch), `AccessRefused` (role, tenant). */
  readonly type: string;
  /** The caller's tenant: the refusal is recorded on its `refusals-<tenant>` stream. */
  readonly tenant: string;
  /** The caller (an API key is a `service` actor named by its key id). */
  readonly actor: Actor;
  /** The command or API field refused, e.g. `InvokeTool`, `Mutation.decideApproval`. */
  readonly action: string;
  /** The run, approval, memory or event it named, when there is one. */
  readonly subject: string | null;
  /** Stable code of why: `TENANT_HALTED`, `FORBIDDEN`, `NOT_FOUND`. */
  readonly reason: string;
  /** The rest of the facts (the halt in force, the role, every id named); part of what makes refusals identical. */
  readonly details?: { readonly [key: string]: JsonValue };
  readonly correlationId?: string;
}

/**
 * What every refusal event carries besides the refusal: how many identical refusals it stands for and when the
 * first and last of them happened. `firstEventId` is set on the event that closes a window: it counts the repeats
 * that followed the event it names (which counted 1).
 */
export interface RefusalCount {
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly firstEventId?: string;
}

export interface RefusalRecorderOptions {
  /** Closes coalescing windows. Without it every refusal is its own event (no coalescing). */
  readonly timer?: Timer;
  /** Coalescing window in ms (default 60 s; 0: every refusal is its own event). */
  readonly windowMs?: number;
}

export const DEFAULT_REFUSAL_WINDOW_MS = 60_000;

interface Window {
  readonly refusal: Refusal;
  readonly firstEventId: string;
  count: number;
  firstAt: string | null;
  lastAt: string | null;
  readonly cancel: () => void;
}

/**
 * Records refusals as hash-chained events on the caller's tenant's `refusals-<tenant>` stream, bounded so that a
 * client in a loop cannot flood the ledger.
 *
 * Coalescing: the first refusal of its kind (same type, tenant, actor, action, subject, reason and details) is
 * appended at once with `count: 1`, and opens a window of `windowMs`. Identical refusals inside the window are
 * only counted; when the window closes (or at `flush`, which shutdown calls) one event carries their count, first
 * and last time, and the id of the event that opened the window. So N identical refusals within a window are two
 * events whatever N (1 + (N − 1)); the counts always add up to N. A crash loses at most the count of the repeats
 * in the windows still open; the first refusal of each window is already in the ledger.
 *
 * A refusal stands whether or not its record could be written: a storage fault must not let the action through
 * nor turn its refusal into another error, so `record` never rejects.
 */
export class RefusalRecorder {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #timer: Timer | null;
  readonly #windowMs: number;
  readonly #windows = new Map<string, Window>();
  readonly #writes = new Set<Promise<unknown>>();

  constructor(log: EventLog, clock: Clock, ids: IdGenerator, options: RefusalRecorderOptions = {}) {
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#timer = options.timer ?? null;
    this.#windowMs = options.windowMs ?? DEFAULT_REFUSAL_WINDOW_MS;
  }

  /**
   * Records `refusal`; resolves with the id of the event that holds it (for a repeat inside a window: the event
   * that opened the window), or null when the ledger would not take it.
   */
  async record(refusal: Refusal): Promise<string | null> {
    const key = identity(refusal);
    const at = new Date(this.#clock.now()).toISOString();
    const open = this.#windows.get(key);
    if (open !== undefined) {
      open.count += 1;
      open.firstAt ??= at;
      open.lastAt = at;
      return open.firstEventId;
    }
    const id = this.#ids.newId();
    if (this.#timer !== null && this.#windowMs > 0) {
      const cancel = this.#timer.after(this.#windowMs, () => void this.#close(key));
      this.#windows.set(key, { refusal, firstEventId: id, count: 0, firstAt: null, lastAt: null, cancel });
    }
    const written = await this.#append(refusal, id, { count: 1, firstAt: at, lastAt: at });
    if (!written) this.#forget(key, id);
    return written ? id : null;
  }

  /** Closes every open window (writing the counts it holds) and waits for every write: call it at shutdown. */
  async flush(): Promise<void> {
    await Promise.all([...this.#windows.keys()].map((key) => this.#close(key)));
    await Promise.all([...this.#writes]);
  }

  async #close(key: string): Promise<void> {
    const window = this.#windows.get(key);
    if (window === undefined) return;
    this.#windows.delete(key);
    window.cancel();
    const { refusal, firstEventId, count, firstAt, lastAt } = window;
    if (count === 0 || firstAt === null || lastAt === null) return;
    await this.#append(refusal, this.#ids.newId(), { count, firstAt, lastAt, firstEventId });
  }

  #forget(key: string, firstEventId: string): void {
    const window = this.#windows.get(key);
    if (window?.firstEventId !== firstEventId) return;
    this.#windows.delete(key);
    window.cancel();
  }

  async #append(refusal: Refusal, id: string, counted: RefusalCount): Promise<boolean> {
    const { type, tenant, actor, action, subject, reason, details } = refusal;
    const data = { tenant, action, subject, reason, ...details, ...counted };
    // A window's count follows from the event that opened it, and correlates with it unless the caller's does.
    const origin = { tenant, actor, correlationId: refusal.correlationId ?? counted.firstEventId };
    const events = envelopes([{ type, data }], [id], origin, {
      occurredAt: Date.parse(counted.lastAt),
      causationId: counted.firstEventId,
    });
    const write = this.#log.append(tenantRefusalStream(tenant), events, 'any').then(
      () => true,
      () => false,
    );
    this.#writes.add(write);
    try {
      return await write;
    } finally {
      this.#writes.delete(write);
    }
  }
}

function identity({ type, tenant, actor, action, subject, reason, details }: Refusal): string {
  return JSON.stringify([type, tenant, actor.kind, actor.id, action, subject, reason, details ?? null]);
}
