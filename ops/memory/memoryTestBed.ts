import { MemoryService, RunCommandService, isMemoryError } from '../../domain/index.js';
import type { MemoryError, MemoryOrigin } from '../../domain/index.js';
import { OrtInferenceEngine } from '../../inference/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { createMemoryQueries } from '../../projections/memory/index.js';
import { openTestReadModels, tempDir } from '../../projections/testing/readModelFixture.js';
import { auditIndexSourceEvents } from './auditIndexSourceEvents.js';
import { ModelTextEmbedder } from './modelTextEmbedder.js';
import { sha256ContentDigester } from './sha256ContentDigester.js';

export const origin = (id: string, role: MemoryOrigin['role'], tenant = 't1'): MemoryOrigin => ({
  actor: { kind: 'user', id },
  tenant,
  role,
});

/**
 * A real SQLite ledger, the real read models (FTS5 included) following it, the memory and run services on a
 * manual clock (memory provenance resolved in the read models' audit index, as the server composes it), and,
 * when asked, the shipped text-embedder on a CPU engine. `dispose` closes and deletes everything.
 */
export async function openMemoryTestBed(options: { embedder?: boolean } = {}) {
  const dir = tempDir('mir-memory-');
  const log = openSqliteEventLog(dir.file('ledger.db'));
  const clock = manualClock();
  const engine =
    options.embedder === true ? new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'] }) : null;
  const embedder = engine === null ? undefined : await ModelTextEmbedder.shipped(engine);
  const models = openTestReadModels(log);
  await models.runner.start();
  const sourceEvents = auditIndexSourceEvents({ log, queries: models.queries, runner: models.runner });
  const memory = new MemoryService({
    log,
    clock,
    ids: testIds,
    digester: sha256ContentDigester,
    embedder,
    sourceEvents,
  });
  const runs = new RunCommandService(log, clock, testIds);
  const queries = createMemoryQueries(models.database, clock);
  return {
    log,
    clock,
    embedder,
    memory,
    runs,
    models,
    queries,
    /** Starts a run of `agent` for `starter` and returns its id. */
    async startRun(agent = 'planner', starter = 'user-7', tenant = 't1'): Promise<string> {
      const runId = testIds.newId();
      const actor = { kind: 'user', id: starter } as const;
      await runs.execute(
        { type: 'StartRun', runId, goal: 'g', agent, input: null, budget: {} },
        { actor, tenant },
      );
      return runId;
    },
    /** Brings the read models up to the log's head. */
    catchUp: () => models.runner.catchUp(),
    async dispose() {
      await models.dispose();
      await engine?.close();
      await log.close();
      dir.dispose();
    },
  };
}

export type MemoryTestBed = Awaited<ReturnType<typeof openMemoryTestBed>>;

/** The MemoryError a command is refused with; fails when it is accepted or fails otherwise. */
export async function memoryRefusal(work: Promise<unknown>): Promise<MemoryError> {
  try {
    await work;
  } catch (error) {
    if (isMemoryError(error)) return error;
    throw error;
  }
  throw new Error('the command was accepted');
}
