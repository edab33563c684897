/** Latency samples in milliseconds, summarised. */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
}

export function summarise(samplesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** How long `operation` took, in milliseconds. */
export async function timed(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await operation();
  return performance.now() - started;
}

/** One operation measured straight (the baseline) and through MIR, and what MIR adds per percentile. */
export interface ComparedLatency {
  readonly calls: number;
  readonly direct: LatencySummary;
  readonly governed: LatencySummary;
  /** `governed − direct`, per percentile. */
  readonly added: LatencySummary;
}

export function comparedLatency(
  calls: number,
  samples: { readonly direct: number[]; readonly governed: number[] },
): ComparedLatency {
  const direct = summarise(samples.direct);
  const governed = summarise(samples.governed);
  return {
    calls,
    direct,
    governed,
    added: { p50: governed.p50 - direct.p50, p99: governed.p99 - direct.p99 },
  };
}

/** Prints a comparison: a title, the baseline, MIR's figures, and what MIR adds. */
export function printCompared(
  result: ComparedLatency,
  title: string,
  labels: { readonly direct: string; readonly governed: string },
  print: (line: string) => void,
): void {
  const ms = (summary: LatencySummary) => `p50 ${fmt(summary.p50, 2)} ms, p99 ${fmt(summary.p99, 2)} ms`;
  print(title);
  print(`  ${labels.direct} (baseline): ${ms(result.direct)}`);
  print(`  ${labels.governed}: ${ms(result.governed)}`);
  print(`  added by MIR: ${ms(result.added)}`);
}

/**
 * Runs `direct` (the baseline) and `governed` one after the other `calls` times, after `warmUp` unmeasured rounds
 * (the JIT, connections, classifiers), so both are measured under the same load; answers both and the difference.
 */
export async function measureInterleaved(
  calls: number,
  direct: (index: number) => Promise<unknown>,
  governed: (index: number) => Promise<unknown>,
  warmUp = 20,
): Promise<ComparedLatency> {
  const samples = { direct: [] as number[], governed: [] as number[] };
  for (let index = -warmUp; index < calls; index++) {
    const a = await timed(() => direct(index));
    const b = await timed(() => governed(index));
    if (index < 0) continue;
    samples.direct.push(a);
    samples.governed.push(b);
  }
  return comparedLatency(calls, samples);
}
