import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStream, runStream } from '../../domain/index.js';
import type { MemoryError, ProposeMemory } from '../../domain/index.js';
import { memoryRefusal, openMemoryTestBed, origin } from './memoryTestBed.js';
import type { MemoryTestBed } from './memoryTestBed.js';

const app = origin('app-1', 'app');
const episode = (provenance: string[]): Omit<ProposeMemory, 'memoryId'> => ({
  type: 'episode',
  scope: 'tenant',
  content: 'The planner summarised the quarterly report.',
  provenance,
});

let bed: MemoryTestBed;
beforeAll(async () => {
  bed = await openMemoryTestBed();
});
afterAll(() => bed.dispose());

/** Starts a run of `tenant` and returns the id of its RunStarted event. */
async function runStarted(tenant = 't1'): Promise<string> {
  const runId = await bed.startRun('planner', 'user-7', tenant);
  return (await bed.log.readStream(runStream(runId)))[0]!.id;
}

describe('memory provenance resolved in the audit index (SQLite ledger, read models following it)', () => {
  it("given an indexed event of the proposer's tenant, when named as provenance, then the proposal is recorded with it", async () => {
    const source = await runStarted();
    await bed.catchUp();
    const { memoryId } = await bed.memory.propose(episode([source]), app);
    expect(await bed.log.readStream(memoryStream('t1', memoryId))).toMatchObject([
      { type: 'MemoryProposed', data: { provenance: [source] } },
    ]);
  });

  it('given an event appended immediately before, when named as provenance, then it is found', async () => {
    const first = await runStarted();
    const second = await runStarted();
    const { memoryId } = await bed.memory.propose(episode([first, second]), app);
    expect(await bed.log.readStream(memoryStream('t1', memoryId))).toMatchObject([
      { type: 'MemoryProposed', data: { provenance: [first, second] } },
    ]);
  });

  it('given an unknown id, when proposed, then MEMORY_INVALID_COMMAND names it and nothing is appended', async () => {
    const source = await runStarted();
    const head = await bed.log.headPosition();
    const error = await memoryRefusal(bed.memory.propose(episode([source, 'evt-that-never-was']), app));
    expect(error.code).toBe('MEMORY_INVALID_COMMAND');
    expect(error.details).toEqual({
      field: 'provenance',
      reason: 'names an unknown event: "evt-that-never-was"',
    });
    expect(await bed.log.headPosition()).toBe(head);
  });

  it("given another tenant's real event, when proposed, then refused exactly like an unknown id, nothing appended", async () => {
    const foreign = await runStarted('t2');
    await bed.catchUp();
    const unknown = 'evt-that-never-was';
    const head = await bed.log.headPosition();
    const refusedForeign = await memoryRefusal(bed.memory.propose(episode([foreign]), app));
    const refusedUnknown = await memoryRefusal(bed.memory.propose(episode([unknown]), app));
    const shape = (error: MemoryError, id: string) =>
      JSON.stringify({ code: error.code, message: error.message, details: error.details }).replaceAll(
        id,
        '<id>',
      );
    expect(shape(refusedForeign, foreign)).toBe(shape(refusedUnknown, unknown));
    expect(refusedForeign.details).toEqual({
      field: 'provenance',
      reason: `names an unknown event: "${foreign}"`,
    });
    expect(await bed.log.headPosition()).toBe(head);
    // t2 itself may name its own event.
    await expect(bed.memory.propose(episode([foreign]), origin('app-2', 'app', 't2'))).resolves.toMatchObject(
      {
        state: { status: 'proposed' },
      },
    );
  });

  it('given the same id twice, when proposed, then refused and nothing appended', async () => {
    const source = await runStarted();
    const head = await bed.log.headPosition();
    const error = await memoryRefusal(bed.memory.propose(episode([source, source]), app));
    expect(error.details).toEqual({ field: 'provenance', reason: `lists event id "${source}" twice` });
    expect(await bed.log.headPosition()).toBe(head);
  });
});
