import { setTimeout as sleep } from 'node:timers/promises';
import type { EventLog, RecordedEvent } from '../../../domain/index.js';
import type { ClusterNode } from './clusterNode.js';

/**
 * The one node whose /metrics says it holds the checkpoint lease, once exactly one does (polled every 100 ms);
 * rejects after `timeoutMs` naming what each node said.
 */
export async function leaseHolder(nodes: readonly ClusterNode[], timeoutMs: number): Promise<ClusterNode> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const holds = await Promise.all(nodes.map((node) => node.holdsLease()));
    const holders = nodes.filter((_, index) => holds[index]);
    if (holders.length === 1) return holders[0]!;
    if (Date.now() > deadline) {
      throw new Error(
        `no single lease holder after ${timeoutMs} ms: ${nodes.map((node, i) => `${node.name}=${String(holds[i])}`).join(' ')}`,
      );
    }
    await sleep(100);
  }
}

/** Every event of the log, in position order (read in pages). */
export async function readWholeLog(log: EventLog): Promise<RecordedEvent[]> {
  const page = 5_000;
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await log.readAll({ fromPosition: events.length, maxCount: page });
    events.push(...batch);
    if (batch.length < page) return events;
  }
}
