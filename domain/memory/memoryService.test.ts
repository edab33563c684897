/* eslint-disable mir/layer-arrows -- an application service tested on the real ledger adapters (the code under test imports none of them) */
import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import type { EventLog } from '../ports/eventLog.js';
import { RunCommandService } from '../runs/runCommandService.js';
import { runStream } from '../runs/runEvents.js';
import type { ProposeMemory } from './memoryCommands.js';
import { memoryRefusal } from '../../ops/memory/memoryTestBed.js';
import { memoryStream } from './memoryEvents.js';
import type { SourceEvents } from './memoryPorts.js';
import { MemoryService } from './memoryService.js';
import type { MemoryOrigin } from './memoryService.js';

const app: MemoryOrigin = { actor: { kind: 'service', id: 'app-1' }, tenant: 't1', role: 'app' };
const episode = (provenance: string[]): Omit<ProposeMemory, 'memoryId'> => ({
  type: 'episode',
  scope: 'tenant',
  content: 'The run summarised the quarterly report.',
  provenance,
});

/** A real, if slow, SourceEvents: scans the whole log for the tenant's events with these ids. */
function scanningSourceEvents(log: EventLog, asked: string[][]): SourceEvents {
  return {
    async existing(tenant, eventIds) {
      asked.push([...eventIds]);
      const events = await log.readAll();
      const ids = events.filter((event) => event.meta.tenant === tenant).map((event) => event.id);
      return new Set(eventIds.filter((id) => ids.includes(id)));
    },
  };
}

function given() {
  const log = createMemoryEventLog();
  const clock = manualClock();
  const asked: string[][] = [];
  const memory = new MemoryService({
    log,
    clock,
    ids: testIds,
    digester: { sha256: () => 'ab'.repeat(32) },
    sourceEvents: scanningSourceEvents(log, asked),
  });
  const runs = new RunCommandService(log, clock, testIds);
  /** Starts a run of `tenant` and returns the id of its RunStarted event. */
  const runStarted = async (tenant: string) => {
    const runId = testIds.newId();
    const actor = { kind: 'user', id: 'user-7' } as const;
    await runs.execute(
      { type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} },
      { actor, tenant },
    );
    return (await log.readStream(runStream(runId)))[0]!.id;
  };
  return { log, memory, asked, runStarted };
}

describe('memory service: provenance is resolved', () => {
  it("given an event of the proposer's tenant, when it is named as provenance, then MemoryProposed records it", async () => {
    const { log, memory, runStarted } = given();
    const source = await runStarted('t1');
    const { memoryId, events } = await memory.propose(episode([source]), app);
    expect(events).toHaveLength(1);
    expect((await log.readStream(memoryStream('t1', memoryId)))[0]).toMatchObject({
      type: 'MemoryProposed',
      data: { provenance: [source] },
    });
  });

  it('given an unknown id, when proposed, then MEMORY_INVALID_COMMAND names it and nothing is recorded', async () => {
    const { log, memory, runStarted } = given();
    const source = await runStarted('t1');
    const head = await log.headPosition();
    const error = await memoryRefusal(memory.propose(episode([source, 'no-such-event']), app));
    expect(error.code).toBe('MEMORY_INVALID_COMMAND');
    expect(error.details).toEqual({ field: 'provenance', reason: 'names an unknown event: "no-such-event"' });
    expect(error.message).toBe('provenance names an unknown event: "no-such-event"');
    expect(await log.headPosition()).toBe(head);
  });

  it("given another tenant's event, when proposed, then refused in the very words of an unknown id", async () => {
    const { log, memory, runStarted } = given();
    const foreign = await runStarted('t2');
    const head = await log.headPosition();
    const error = await memoryRefusal(memory.propose(episode([foreign]), app));
    const unknown = await memoryRefusal(memory.propose(episode(['no-such-event']), app));
    const withoutId = (text: string, id: string) => text.replace(id, '<id>');
    expect([error.code, withoutId(error.message, foreign)]).toEqual([
      unknown.code,
      withoutId(unknown.message, 'no-such-event'),
    ]);
    expect(error.details).toEqual({ field: 'provenance', reason: `names an unknown event: "${foreign}"` });
    expect(await log.headPosition()).toBe(head);
  });

  it('given an id named twice, when proposed, then refused before anything is resolved or recorded', async () => {
    const { log, memory, asked, runStarted } = given();
    const source = await runStarted('t1');
    const head = await log.headPosition();
    const error = await memoryRefusal(memory.propose(episode([source, source]), app));
    expect(error.details).toEqual({ field: 'provenance', reason: `lists event id "${source}" twice` });
    expect(asked).toEqual([]);
    expect(await log.headPosition()).toBe(head);
  });

  it('given no provenance (tenant-wide fact), when proposed, then the port is not asked', async () => {
    const { memory, asked } = given();
    await memory.propose(
      { type: 'fact', scope: 'tenant', content: 'Invoices are due in 30 days.', provenance: [] },
      app,
    );
    expect(asked).toEqual([]);
  });
});
