import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMemoryError, memoryStream, runStream } from '../../domain/index.js';
import type { ProposeMemory } from '../../domain/index.js';
import { similarMemoriesByText } from '../../projections/memory/index.js';
import { openMemoryTestBed, origin } from './memoryTestBed.js';
import type { MemoryTestBed } from './memoryTestBed.js';

const app = origin('app-1', 'app');
const reviewer = origin('rev-1', 'reviewer');
const tenantWide = (content: string): Omit<ProposeMemory, 'memoryId'> => ({
  type: 'fact',
  scope: 'tenant',
  content,
  provenance: [],
});

let bed: MemoryTestBed;
beforeAll(async () => {
  bed = await openMemoryTestBed({ embedder: true });
});
afterAll(() => bed.dispose());

async function refusalCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isMemoryError(error)) return error.code;
    throw error;
  }
  return 'accepted';
}

async function approved(content: string): Promise<string> {
  const { memoryId } = await bed.memory.propose(tenantWide(content), app);
  await bed.memory.review({ memoryId, decision: 'approved', reason: 'checked' }, reviewer);
  return memoryId;
}

const typesOf = async (stream: string) => (await bed.log.readStream(stream)).map((event) => event.type);

describe('memory governance (SQLite ledger, read model, shipped embedder)', () => {
  it('given a proposal, when its proposer reviews it as a reviewer, then refused and recorded', async () => {
    const { memoryId } = await bed.memory.propose(tenantWide('Invoices are due in 30 days.'), app);
    const self = origin('app-1', 'reviewer');
    expect(
      await refusalCode(bed.memory.review({ memoryId, decision: 'approved', reason: 'mine' }, self)),
    ).toBe('MEMORY_SELF_REVIEW');
    const [, refused] = await bed.log.readStream(memoryStream('t1', memoryId));
    expect(refused).toMatchObject({
      type: 'MemoryReviewRefused',
      data: { code: 'MEMORY_SELF_REVIEW', reviewer: 'app-1', decision: 'approved' },
      meta: { actor: { id: 'app-1' } },
    });
  });

  it('given an approved memory, when applied, then MemoryApplied on the run stream names its revision', async () => {
    const memoryId = await approved('Always answer in French.');
    const runId = await bed.startRun();
    const [applied] = await bed.memory.apply(runId, memoryId, app);
    expect(applied).toMatchObject({
      stream: runStream(runId),
      type: 'MemoryApplied',
      data: { memoryId, memoryRevision: 1, memoryStream: memoryStream('t1', memoryId) },
    });
    expect(await typesOf(runStream(runId))).toEqual(['RunStarted', 'MemoryApplied']);
  });

  it('given proposed, rejected, retracted and expired memory, when applied, then each is refused and recorded', async () => {
    const runId = await bed.startRun();
    const proposed = (await bed.memory.propose(tenantWide('proposed only'), app)).memoryId;
    const rejected = (await bed.memory.propose(tenantWide('rejected one'), app)).memoryId;
    await bed.memory.review({ memoryId: rejected, decision: 'rejected', reason: 'wrong' }, reviewer);
    const retracted = await approved('retracted one');
    await bed.memory.retract({ memoryId: retracted, reason: 'stale' }, app);
    const expiresAt = new Date(bed.clock.now() + 1_000).toISOString();
    const expiring = (await bed.memory.propose({ ...tenantWide('expiring one'), expiresAt }, app)).memoryId;
    await bed.memory.review({ memoryId: expiring, decision: 'approved', reason: 'ok' }, reviewer);
    bed.clock.advance(1_000);
    const cases: [string, string][] = [
      [proposed, 'MEMORY_NOT_APPROVED'],
      [rejected, 'MEMORY_REJECTED'],
      [retracted, 'MEMORY_RETRACTED'],
      [expiring, 'MEMORY_EXPIRED'],
    ];
    for (const [memoryId, code] of cases)
      expect(await refusalCode(bed.memory.apply(runId, memoryId, app))).toBe(code);
    const events = await bed.log.readStream(runStream(runId));
    expect(events.map((event) => [event.type, (event.data as { code?: string }).code ?? null])).toEqual([
      ['RunStarted', null],
      ...cases.map(([, code]) => ['MemoryApplyRefused', code]),
    ]);
  });

  it('given memory of tenant t1, when t2 reads or acts on it, then nothing is returned and it is not found', async () => {
    const memoryId = await approved('Tenant one secret: the vault code is 4711.');
    await bed.catchUp();
    expect((await bed.queries.memories({ tenant: 't2' }, { first: 100 })).items).toEqual([]);
    expect((await bed.queries.memories({ tenant: 't2', text: 'vault' }, { first: 100 })).items).toEqual([]);
    expect(
      await similarMemoriesByText(bed.queries, bed.embedder!, 'vault code', 5, { tenant: 't2' }),
    ).toEqual([]);
    const other = origin('rev-2', 'reviewer', 't2');
    expect(await refusalCode(bed.memory.review({ memoryId, decision: 'rejected', reason: 'x' }, other))).toBe(
      'MEMORY_NOT_FOUND',
    );
    expect((await bed.queries.memories({ tenant: 't1', text: 'vault' }, { first: 100 })).items).toHaveLength(
      1,
    );
  });

  it('given hostile search text, then results or nothing, never an SQL error', async () => {
    await approved('Hostile "quotes" and NEAR operators should be plain words.');
    await bed.catchUp();
    const hostile = [
      '"',
      '*',
      'NEAR(',
      "'); DROP TABLE memories; --",
      'content:x',
      '^',
      'a OR',
      '((',
      '',
      '   ',
      'NOT',
    ];
    for (const text of hostile) {
      const page = await bed.queries.memories({ tenant: 't1', text }, { first: 10 });
      expect(Array.isArray(page.items)).toBe(true);
    }
    const near = await bed.queries.memories({ tenant: 't1', text: 'NEAR(' }, { first: 10 });
    expect(near.items.map((memory) => memory.content)).toEqual([
      'Hostile "quotes" and NEAR operators should be plain words.',
    ]);
  });

  it('given approved memories, when searching by a paraphrase, then the related memory ranks first', async () => {
    const related = await approved('The customer prefers to be contacted by email rather than by phone.');
    await approved('Quarterly revenue grew by twelve percent in the northern region.');
    await approved('Server backups run every night at two o clock.');
    await bed.catchUp();
    const ranked = await similarMemoriesByText(
      bed.queries,
      bed.embedder!,
      'contact the customer via email',
      3,
      {
        tenant: 't1',
        forUse: true,
      },
    );
    expect(ranked[0]?.memory.memoryId).toBe(related);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('given an idempotency key, when a proposal is retried, then the same memory and nothing new', async () => {
    const keyed = { ...app, idempotencyKey: 'k-1' };
    const first = await bed.memory.propose(tenantWide('keyed proposal'), keyed);
    const again = await bed.memory.propose(tenantWide('keyed proposal'), keyed);
    expect(again).toMatchObject({ memoryId: first.memoryId, replayed: true });
    expect(await typesOf(memoryStream('t1', first.memoryId))).toEqual(['MemoryProposed']);
  });

  it('given the memory read model, when rebuilt from position 0, then the same rows (embeddings came from events)', async () => {
    await bed.catchUp();
    const dump = () => bed.models.database.prepare('SELECT * FROM memories ORDER BY proposed_position').all();
    const before = dump();
    await bed.models.runner.rebuild();
    expect(dump()).toEqual(before);
    expect((await bed.queries.memories({ tenant: 't1', text: 'vault' }, { first: 10 })).items).toHaveLength(
      1,
    );
  });
});
