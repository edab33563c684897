// Child process of `npm run bench:cluster` (started by benchNodeProcess.ts): one node, i.e. one process with its
// own PostgresEventLog (its own pool, group commit and LISTEN connection) over the bench's database. It opens the
// log, prints `ready`, waits for `go` on stdin (so every node's window starts together), runs its job and prints
// the figures as JSON.
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { openPostgresEventLog } from '../../ledger/index.js';
import type { BenchNodeJob, NodeFigures, PacedAppend } from './benchNodeProcess.js';
import { epochMs, eventsPerCommit } from './benchNodeProcess.js';
import { closedLoop, logAppender } from './closedLoop.js';

const job = JSON.parse(process.argv[2]!) as BenchNodeJob;
const log = await openPostgresEventLog(job.url);
process.stdout.write('ready\n');
const stdin = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => stdin.once('line', () => resolve()));
stdin.close();

if (job.mode === 'append') {
  const append = logAppender(log, 1);
  const figures = await closedLoop(job.writers, 1, job.seconds, (stream, writer, step) =>
    append(`${stream}-n${job.node}`, writer, step),
  );
  const result: NodeFigures = { ...figures, eventsPerCommit: eventsPerCommit(log) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const append = logAppender(log, 1);
  const paced: PacedAppend[] = [];
  for (let step = 0; step < job.events; step++) {
    const beforeAppendMs = epochMs();
    const result = await append('run-latency', 0, step);
    paced.push({ position: result.lastPosition, beforeAppendMs, acknowledgedMs: epochMs() });
    await sleep(job.intervalMs);
  }
  process.stdout.write(`${JSON.stringify(paced)}\n`);
}
await log.close();
