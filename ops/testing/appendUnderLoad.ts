// Child process for the crash test: appends from 8 concurrent writers forever and prints the id of every event
// whose append was acknowledged (stdout to a pipe is synchronous on Linux, so a printed id was acknowledged before
// the parent can see it). The parent kills it with SIGKILL mid-flight.
import { v7 as uuidv7 } from 'uuid';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: appendUnderLoad DATA_DIR');
const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir), {
  checkpointEveryEvents: 250,
  checkpointEveryMs: 50,
});
const meta = {
  tenant: 'acme',
  actor: { kind: 'service', id: 'crash-test' },
  correlationId: 'c',
  causationId: 'c',
  occurredAt: '2026-11-23T12:00:00Z',
} as const;

process.stdout.write('ready\n');
await Promise.all(
  Array.from({ length: 8 }, async (_, writer) => {
    let expected: number | 'no_stream' = 'no_stream';
    for (let step = 0; ; step++) {
      const events = Array.from({ length: 1 + (step % 3) }, (_, i) => ({
        id: uuidv7(),
        type: 'StepRecorded',
        schemaVersion: 1,
        data: { writer, step, i },
        meta,
      }));
      const result = await ledger.log.append(`run-writer${writer}`, events, expected);
      expected = result.nextExpectedRevision;
      process.stdout.write(`${events.map((event) => event.id).join('\n')}\n`);
      // The parent kills only once a checkpoint exists (a loaded machine can be slow to sign the first).
      if (ledger.latestCheckpoint() !== null) process.stdout.write('signed\n');
    }
  }),
);
