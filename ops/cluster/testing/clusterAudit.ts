import { runStream } from '../../../domain/index.js';
import type { RecordedEvent } from '../../../domain/index.js';
import type { CheckpointSignedData } from '../../../ledger/index.js';
import type { AcknowledgedOperation } from './appendingClients.js';

/**
 * What the cluster scenario checks once the load has stopped, as pure functions of what the clients were told
 * and what the ledger holds. Each returns a list of problems (empty when all is well), so a failure names them.
 */

/** Event ids some acknowledged operation returned that the ledger does not hold. */
export function lostAcknowledged(
  acknowledged: readonly AcknowledgedOperation[],
  ledger: readonly RecordedEvent[],
): string[] {
  const stored = new Set(ledger.map((event) => event.id));
  return acknowledged.flatMap((operation) => operation.eventIds.filter((id) => !stored.has(id)));
}

/**
 * Each client's run stream must hold exactly the events its acknowledged operations returned, in the order they
 * were acknowledged, each once: a retry that appended again, or an operation that appended twice, shows here.
 */
export function runStreamProblems(
  acknowledged: readonly AcknowledgedOperation[],
  ledger: readonly RecordedEvent[],
): string[] {
  const byRun = new Map<string, string[]>();
  for (const operation of acknowledged) {
    byRun.set(operation.runId, [...(byRun.get(operation.runId) ?? []), ...operation.eventIds]);
  }
  const problems: string[] = [];
  for (const [runId, expected] of byRun) {
    const stream = runStream(runId);
    const stored = ledger.filter((event) => event.stream === stream);
    const ids = stored.map((event) => event.id);
    if (ids.join() !== expected.join()) {
      problems.push(
        `${stream}: ${ids.length} events stored, ${expected.length} acknowledged, or not in order`,
      );
    }
    if (stored.some((event, index) => event.revision !== index)) {
      problems.push(`${stream}: revisions not contiguous from 0`);
    }
  }
  return problems;
}

/**
 * The checkpoints stream: contiguous revisions, one origin, and tree sizes that never decrease (two checkpoints of
 * one size must be of one root: the same tree). Whether each extends the last one is `mir verify`'s to prove.
 */
export function checkpointProblems(checkpoints: readonly RecordedEvent[]): string[] {
  const problems: string[] = [];
  const origins = new Set<string>();
  let previous: CheckpointSignedData | undefined;
  checkpoints.forEach((event, index) => {
    const data = event.data as unknown as CheckpointSignedData;
    origins.add(data.origin);
    if (event.revision !== index) problems.push(`checkpoint ${index} has revision ${event.revision}`);
    if (previous !== undefined && data.treeSize < previous.treeSize) {
      problems.push(`checkpoint ${index} shrinks the tree: ${previous.treeSize} → ${data.treeSize}`);
    }
    if (previous?.treeSize === data.treeSize && previous.rootHash !== data.rootHash) {
      problems.push(`checkpoint ${index} forks the tree of size ${data.treeSize}`);
    }
    previous = data;
  });
  if (origins.size > 1) problems.push(`checkpoints of ${origins.size} origins: ${[...origins].join(', ')}`);
  return problems;
}

/** The first checkpoint signed (by its own timestamp) after `afterMs`, or undefined. */
export function firstCheckpointAfter(
  checkpoints: readonly RecordedEvent[],
  afterMs: number,
): CheckpointSignedData | undefined {
  return checkpoints
    .map((event) => event.data as unknown as CheckpointSignedData)
    .find((data) => data.timestamp > afterMs);
}

/**
 * A subscriber's recording against what it had to receive: every expected position once, in order, nothing else.
 * Names the first divergence, and counts duplicates and missing positions.
 */
export function deliveryProblems(received: readonly number[], expected: readonly number[]): string[] {
  const problems: string[] = [];
  const firstDivergence = expected.findIndex((position, index) => received[index] !== position);
  if (firstDivergence >= 0 || received.length !== expected.length) {
    const at = firstDivergence >= 0 ? firstDivergence : Math.min(received.length, expected.length);
    problems.push(
      `diverges at index ${at}: received ${String(received[at])}, expected ${String(expected[at])} ` +
        `(${received.length} received, ${expected.length} expected)`,
    );
  }
  const seen = new Set<number>();
  const duplicates = received.filter((position) => seen.has(position) || (seen.add(position), false));
  if (duplicates.length > 0) problems.push(`${duplicates.length} duplicates, first ${duplicates[0]}`);
  const missing = expected.filter((position) => !seen.has(position));
  if (missing.length > 0) problems.push(`${missing.length} missing, first ${missing[0]}`);
  return problems;
}
