import type { AppendResult, EventLog } from '../../domain/index.js';
import { benchEvent, idSource } from './benchEvents.js';
import { median, summarise } from './benchStats.js';
import type { LatencySummary } from './benchStats.js';

export interface ClosedLoopFigures {
  readonly eventsPerSecond: number;
  readonly latency: LatencySummary;
}

/** One call of a writer: append to `stream` (the writer's own, `run-w<writer>`), its `step`-th call. */
export type AppendFn = (stream: string, writer: number, step: number) => Promise<unknown>;

/**
 * `writers` closed-loop writers (each waits for its call to finish before the next), each appending `perCall`
 * events per call to its own stream, for `seconds`; throughput over the whole window and per-call latency.
 */
export async function closedLoop(
  writers: number,
  perCall: number,
  seconds: number,
  append: AppendFn,
): Promise<ClosedLoopFigures> {
  const latencies: number[] = [];
  let events = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let step = 0; performance.now() < deadline; step++) {
        const t0 = performance.now();
        await append(`run-w${writer}`, writer, step);
        latencies.push(performance.now() - t0);
        events += perCall;
      }
    }),
  );
  return { eventsPerSecond: events / ((performance.now() - started) / 1000), latency: summarise(latencies) };
}

/**
 * The AppendFn of a MIR event log: each call appends `perCall` bench events to the writer's stream with the exact
 * expected revision (`no_stream` first), as a workflow writer does; resolves with the append's result.
 */
export function logAppender(
  log: EventLog,
  perCall: number,
): (stream: string, writer: number, step: number) => Promise<AppendResult> {
  const nextId = idSource();
  const expected = new Map<string, number | 'no_stream'>();
  return async (stream, _writer, step) => {
    const events = Array.from({ length: perCall }, (_, i) => benchEvent(nextId, step * perCall + i));
    const result = await log.append(stream, events, expected.get(stream) ?? 'no_stream');
    expected.set(stream, result.nextExpectedRevision);
    return result;
  };
}

/** Median throughput and latency of several rounds of one scenario. */
export interface MedianFigures {
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Runs `rounds` rounds of the baseline then the candidate, alternating so drift on a shared machine hits both,
 * and returns the medians of each.
 */
export async function interleavedMedians(
  rounds: number,
  baseline: () => Promise<ClosedLoopFigures>,
  candidate: () => Promise<ClosedLoopFigures>,
): Promise<{ baseline: MedianFigures; candidate: MedianFigures }> {
  const base: ClosedLoopFigures[] = [];
  const cand: ClosedLoopFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    base.push(await baseline());
    cand.push(await candidate());
  }
  const pick = (list: ClosedLoopFigures[]) => ({
    eventsPerSecond: median(list.map((f) => f.eventsPerSecond)),
    p50: median(list.map((f) => f.latency.p50)),
    p99: median(list.map((f) => f.latency.p99)),
  });
  return { baseline: pick(base), candidate: pick(cand) };
}
