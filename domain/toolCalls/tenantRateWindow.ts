import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { RUN_STREAM_PREFIX } from '../runs/runEvents.js';
import type { RateLimit } from '../tools/toolEvents.js';
import type { ToolCallDeniedData, ToolCallDenialReason, ToolCallRequestedData } from './toolCallEvents.js';

/** Calls refused before the rate check (or by it) do not use the limit up. */
const NOT_COUNTED: readonly ToolCallDenialReason[] = [
  'TOOL_RATE_LIMITED',
  'TOOL_UNKNOWN',
  'TOOL_ARGS_INVALID',
];
const FILTER = { streamPrefixes: [RUN_STREAM_PREFIX], types: ['ToolCallRequested', 'ToolCallDenied'] };
const PAGE = 1_000;
/** `occurredAt` is not strictly ordered by position (writers' clocks, record windows): read this much further back. */
const CLOCK_SLACK_MS = 60_000;

/** A call's place in the window from its admission until the window has read what its append recorded. */
export interface RateSlot {
  /** Times (epoch ms) of the tenant's other calls of this tool version that count, recorded or in flight. */
  readonly times: readonly number[];
  /**
   * The call's append is done (`lastPosition`: where it ended; none when nothing was appended). The place keeps
   * counting until the window has read that far, so the call is never missed nor counted twice. Idempotent.
   */
  release(lastPosition?: number): void;
}

interface Place {
  readonly at: number;
  /** Set once appended: the place counts until the window has read past this position. */
  until?: number;
}

interface Window {
  perMs: number;
  readonly recorded: Map<string, number>;
  readonly inFlight: Set<Place>;
}

/**
 * A tool version's rate limit counted per tenant, over every run and every process sharing the ledger: the
 * tenant's `ToolCallRequested` events of that tool version in the window (less those refused before or by the
 * rate check), plus the calls this process has admitted and not yet recorded. A window is kept only for tool
 * versions that have a limit, filled from the ledger (read backwards) the first time one is asked for, then
 * followed forwards.
 *
 * Within one process the count cannot race: admissions are serialised and an admitted call holds its place
 * until its append is done. Across processes, calls admitted at the same instant by different processes can
 * overshoot the limit by at most one per other process (each sees the others' calls once they are committed).
 */
export class TenantRateWindow {
  readonly #log: EventLog;
  readonly #windows = new Map<string, Window>();
  #next: number | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(log: EventLog) {
    this.#log = log;
  }

  /** Takes a place in the tenant's window of `tool`, with the times of the calls that count besides it. */
  admit(tenant: string, tool: RateSlotTool, now: number): Promise<RateSlot> {
    const admitted = this.#queue.then(() => this.#admit(tenant, tool, now));
    this.#queue = admitted.catch(() => undefined);
    return admitted;
  }

  async #admit(tenant: string, tool: RateSlotTool, now: number): Promise<RateSlot> {
    const key = keyOf(tenant, tool.name, tool.version);
    await this.#catchUp();
    let window = this.#windows.get(key);
    if (window === undefined || window.perMs < tool.rateLimit.perMs) {
      window = await this.#fill(key, tool.rateLimit, now, window);
      this.#windows.set(key, window);
    }
    for (const [callId, at] of window.recorded) if (at <= now - window.perMs) window.recorded.delete(callId);
    const { inFlight } = window;
    for (const place of inFlight)
      if (place.until !== undefined && place.until < this.#next!) inFlight.delete(place);
    const times = [...window.recorded.values(), ...[...inFlight].map((place) => place.at)];
    const place: Place = { at: now };
    inFlight.add(place);
    let released = false;
    return {
      times,
      release: (lastPosition) => {
        if (released) return;
        released = true;
        if (lastPosition === undefined) inFlight.delete(place);
        else place.until = lastPosition;
      },
    };
  }

  /** Reads forwards everything committed since the last read, for the windows already kept. */
  async #catchUp(): Promise<void> {
    // The head is read first: the window has then read everything up to it, matching or not.
    const head = (await this.#log.headPosition()) ?? -1;
    if (this.#next === null) {
      this.#next = head + 1;
      return;
    }
    for (;;) {
      const page = await this.#log.readAll({ fromPosition: this.#next, maxCount: PAGE, filter: FILTER });
      for (const event of page) {
        this.#next = event.position + 1;
        const window = this.#windows.get(keyOfEvent(event));
        if (window !== undefined) apply(window.recorded, event);
      }
      if (page.length < PAGE) break;
    }
    this.#next = Math.max(this.#next, head + 1);
  }

  /** A window for `key` from the ledger, read backwards from the follower's position until past the window. */
  async #fill(key: string, limit: RateLimit, now: number, kept?: Window): Promise<Window> {
    const window: Window = { perMs: limit.perMs, recorded: new Map(), inFlight: kept?.inFlight ?? new Set() };
    const oldest = now - limit.perMs - CLOCK_SLACK_MS;
    const notCounted = new Set<string>();
    let before = this.#next! - 1;
    while (before >= 0) {
      const page = await this.#log.readAll({
        direction: 'backwards',
        fromPosition: before,
        maxCount: PAGE,
        filter: FILTER,
      });
      for (const event of page) {
        if (keyOfEvent(event) !== key) continue;
        if (event.type === 'ToolCallDenied') {
          const denied = event.data as unknown as ToolCallDeniedData;
          if (NOT_COUNTED.includes(denied.reason)) notCounted.add(denied.callId);
        } else {
          const { callId } = event.data as unknown as ToolCallRequestedData;
          if (!notCounted.has(callId)) window.recorded.set(callId, Date.parse(event.meta.occurredAt));
        }
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE || Date.parse(last.meta.occurredAt) < oldest) break;
      before = last.position - 1;
    }
    return window;
  }
}

/** What the window needs of a tool: a version with a limit. */
export interface RateSlotTool {
  readonly name: string;
  readonly version: string;
  readonly rateLimit: RateLimit;
}

function apply(recorded: Map<string, number>, event: RecordedEvent): void {
  if (event.type === 'ToolCallRequested') {
    const { callId } = event.data as unknown as ToolCallRequestedData;
    recorded.set(callId, Date.parse(event.meta.occurredAt));
    return;
  }
  const denied = event.data as unknown as ToolCallDeniedData;
  if (NOT_COUNTED.includes(denied.reason)) recorded.delete(denied.callId);
}

const keyOf = (tenant: string, name: string, version: string) => `${tenant}\n${name}\n${version}`;

function keyOfEvent(event: RecordedEvent): string {
  const { tool } = event.data as unknown as { tool?: { name?: unknown; version?: unknown } };
  return keyOf(event.meta.tenant, String(tool?.name), String(tool?.version));
}
