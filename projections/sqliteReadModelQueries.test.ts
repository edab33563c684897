import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKeyStream } from '../domain/index.js';
import type { EventLog, RecordedEvent } from '../domain/index.js';
import { createMemoryEventLog } from '../ledger/index.js';
import { asyncErrorCodeOf } from '../ledger/testing/errorCodeOf.js';
import { TEST_META, testEvent } from '../ledger/testing/testEvents.js';
import { encodeCursor } from './pageCursor.js';
import { createSqliteReadModelQueries } from './sqliteReadModelQueries.js';
import type { Page, ReadModelQueries } from './readModelQueries.js';
import { openTestReadModels } from './testing/readModelFixture.js';
import { runDriver } from './testing/runDriver.js';

/** Every item of a listing, following cursors `first` at a time. */
async function allPages<T>(
  fetch: (after?: string) => Promise<Page<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetch(after);
    items.push(...page.items);
    if (!page.hasNextPage) return { items, pages };
    after = page.cursors[page.cursors.length - 1];
  }
}

describe('SQLite read-model queries', () => {
  let log: EventLog;
  let models: ReturnType<typeof openTestReadModels>;
  let queries: ReadModelQueries;
  const runs: Record<string, string[]> = { acme: [], globex: [] };
  let events: RecordedEvent[];

  beforeAll(async () => {
    log = createMemoryEventLog();
    const driver = runDriver(log);
    for (let i = 0; i < 12; i++) {
      const tenant = i % 3 === 0 ? 'globex' : 'acme';
      const runId = await driver.start({ tenant, agent: i % 2 === 0 ? 'planner' : 'coder' });
      runs[tenant]!.push(runId);
      await driver.step(runId);
      if (i % 4 === 0) await driver.complete(runId);
    }
    await driver.cancel(runs.acme![0]!, 'stop', { kind: 'user', id: 'alice' });
    await log.append(apiKeyStream('k1'), [issued('k1', 'acme')], 'no_stream');
    await log.append(apiKeyStream('k2'), [issued('k2', 'globex')], 'no_stream');
    events = await log.readAll();
    models = openTestReadModels(log);
    await models.runner.catchUp();
    queries = models.queries;
  });
  afterAll(() => models.dispose());

  describe('runs and steps (DataLoader batches)', () => {
    it('given ids of both tenants, missing ones and repeats, then one answer per id, in order, tenant-scoped', async () => {
      const [a0, a1] = runs.acme as [string, string];
      const [g0] = runs.globex as [string];
      const found = await queries.runs('acme', [a1, g0, 'missing', a0, a1]);
      expect(found.map((run) => run?.runId ?? null)).toEqual([a1, null, null, a0, a1]);
      const steps = await queries.steps('acme', [g0, a0, 'missing']);
      expect(steps.map((list) => list.length)).toEqual([0, 1, 0]);
      expect((await queries.steps('globex', [g0]))[0]).toHaveLength(1);
    });

    it('given many ids, then runs and steps each run one statement', async () => {
      const ids = [...runs.acme!, ...runs.globex!];
      const statement = models.database.prepare('SELECT 1');
      const all = vi.spyOn(Object.getPrototypeOf(statement) as { all: () => unknown }, 'all');
      try {
        await queries.runs('acme', ids);
        await queries.steps('acme', ids);
        expect(all).toHaveBeenCalledTimes(2);
      } finally {
        all.mockRestore();
      }
    });
  });

  it('given id lookups, then SQLite searches the id index, not the whole tenant', async () => {
    const prepare = vi.spyOn(models.database, 'prepare');
    const fresh = createSqliteReadModelQueries(models.database);
    await fresh.runs('acme', ['a']);
    await fresh.steps('acme', ['a']);
    await fresh.eventPositions('acme', ['a']);
    const statements = prepare.mock.calls.map(([sql]) => sql);
    prepare.mockRestore();
    const plans = statements.map((sql) =>
      models.database
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all('[]', 'acme')
        .map((row) => (row as { detail: string }).detail)
        .join('; '),
    );
    expect(plans).toEqual([
      expect.stringMatching(/SEARCH runs USING INDEX \S+ \(run_id=\?\)/),
      expect.stringMatching(/SEARCH run_steps USING INDEX run_steps_by_run \(run_id=\?\)/),
      expect.stringMatching(/SEARCH audit_events USING COVERING INDEX audit_by_event \(event_id=\?/),
    ]);
  });

  describe('listRuns', () => {
    it('given pages of 3, then every run of the tenant comes once, newest first, and nothing of another tenant', async () => {
      const { items, pages } = await allPages((after) =>
        queries.listRuns({ tenant: 'acme' }, { first: 3, ...(after === undefined ? {} : { after }) }),
      );
      expect(items.map((run) => run.runId)).toEqual([...runs.acme!].reverse());
      expect(pages).toBe(3);
    });

    it('given a status or an agent, then only matching runs', async () => {
      const completed = await queries.listRuns({ tenant: 'acme', status: 'completed' }, { first: 100 });
      expect(completed.items.every((run) => run.status === 'completed')).toBe(true);
      expect(completed.items.map((run) => run.runId)).toEqual([runs.acme![5], runs.acme![2]]);
      const coders = await queries.listRuns({ tenant: 'globex', agent: 'coder' }, { first: 100 });
      expect(coders.items.map((run) => run.agent)).toEqual(['coder', 'coder']);
      const cancelled = await queries.listRuns({ tenant: 'acme', status: 'cancelled' }, { first: 100 });
      expect(cancelled.items).toEqual([
        expect.objectContaining({ runId: runs.acme![0], cancelledBy: 'alice' }),
      ]);
    });

    it('given text, then runs whose agent, goal or id contains it in any ASCII case, of that tenant only', async () => {
      const byText = async (tenant: string, text: string) =>
        (await queries.listRuns({ tenant, text }, { first: 100 })).items.map((run) => run.runId);
      const coders = await queries.listRuns({ tenant: 'globex', agent: 'coder' }, { first: 100 });
      expect(coders.items).toHaveLength(2);
      expect(await byText('globex', 'ODE')).toEqual(coders.items.map((run) => run.runId));
      const runId = runs.acme![3]!;
      expect(await byText('acme', runId.slice(-12).toUpperCase())).toEqual([runId]);
      expect(await byText('globex', runId.slice(-12))).toEqual([]);
      expect(await byText('acme', 'GOAL OF')).toHaveLength(runs.acme!.length);
      // LIKE's wildcards and the escape character are literal: no goal, agent or id holds them.
      for (const text of ['%', '_', '\\', 'goal%of', 'goal_of'])
        expect(await byText('acme', text)).toEqual([]);
    });

    it('given first 0, then an empty page that still says whether more exist', async () => {
      expect(await queries.listRuns({ tenant: 'acme' }, { first: 0 })).toEqual({
        items: [],
        cursors: [],
        hasNextPage: true,
      });
    });

    it('given a bad page request, then typed errors', async () => {
      const list =
        (after: string, first = 2) =>
        () =>
          queries.listRuns({ tenant: 'acme' }, { first, after });
      expect(await asyncErrorCodeOf(list('not a cursor!'))).toBe('INVALID_CURSOR');
      expect(await asyncErrorCodeOf(list(encodeCursor('audit', 5)))).toBe('INVALID_CURSOR');
      expect(await asyncErrorCodeOf(list(Buffer.from('run:-1').toString('base64url')))).toBe(
        'INVALID_CURSOR',
      );
      expect(await asyncErrorCodeOf(list(encodeCursor('run', 5), 1001))).toBe('INVALID_PAGE');
      expect(await asyncErrorCodeOf(list(encodeCursor('run', 5), 1.5))).toBe('INVALID_PAGE');
    });
  });

  describe('auditPositions', () => {
    const positionsOf = (predicate: (event: RecordedEvent) => boolean) =>
      events.filter(predicate).map((event) => event.position);

    it("given pages of 4, then every event of the tenant in position order, and none of another tenant's", async () => {
      const { items } = await allPages((after) =>
        queries.auditPositions({ tenant: 'acme' }, { first: 4, ...(after === undefined ? {} : { after }) }),
      );
      expect(items).toEqual(positionsOf((event) => event.meta.tenant === 'acme'));
    });

    it('given each filter, then exactly the matching events', async () => {
      const runId = runs.acme![1]!;
      const cases: [Parameters<ReadModelQueries['auditPositions']>[0], (event: RecordedEvent) => boolean][] =
        [
          [{ tenant: 'acme', runId }, (e) => e.stream === `run-${runId}`],
          [{ tenant: 'acme', stream: `run-${runId}` }, (e) => e.stream === `run-${runId}`],
          [
            { tenant: 'acme', types: ['RunCompleted'] },
            (e) => e.meta.tenant === 'acme' && e.type === 'RunCompleted',
          ],
          [
            { tenant: 'acme', types: ['RunCompleted', 'RunCancelled'] },
            (e) => e.meta.tenant === 'acme' && ['RunCompleted', 'RunCancelled'].includes(e.type),
          ],
          [{ tenant: 'acme', actorId: 'alice' }, (e) => e.meta.actor.id === 'alice'],
          [
            { tenant: 'acme', fromPosition: 5, toPosition: 20 },
            (e) => e.meta.tenant === 'acme' && e.position >= 5 && e.position <= 20,
          ],
          [
            {
              tenant: 'acme',
              occurredAfter: events[4]!.meta.occurredAt,
              occurredBefore: events[12]!.meta.occurredAt,
            },
            (e) =>
              e.meta.tenant === 'acme' &&
              e.meta.occurredAt > events[4]!.meta.occurredAt &&
              e.meta.occurredAt < events[12]!.meta.occurredAt,
          ],
          [{ tenant: 'acme', types: [] }, () => false],
          [{ tenant: 'globex', runId }, () => false],
          [{ tenant: 'acme', runId, stream: 'run-other' }, () => false],
        ];
      for (const [filter, predicate] of cases) {
        const page = await queries.auditPositions(filter, { first: 1000 });
        expect({ filter, items: page.items }).toEqual({ filter, items: positionsOf(predicate) });
      }
    });

    it('given bad bounds, then INVALID_FILTER', async () => {
      const audit = (filter: object) => () =>
        queries.auditPositions({ tenant: 'acme', ...filter }, { first: 10 });
      expect(await asyncErrorCodeOf(audit({ fromPosition: -1 }))).toBe('INVALID_FILTER');
      expect(await asyncErrorCodeOf(audit({ occurredAfter: 'yesterday' }))).toBe('INVALID_FILTER');
    });

    it('given each filter, then SQLite answers from an index, never a full scan', () => {
      const plans = ["stream = 'x'", "type = 'x'", "actor_id = 'x'", 'occurred_at > 5', 'position >= 5'].map(
        (clause) =>
          models.database
            .prepare(
              `EXPLAIN QUERY PLAN SELECT position FROM audit_events WHERE tenant = 'acme' AND ${clause} ORDER BY position LIMIT 5`,
            )
            .all()
            .map((row) => (row as { detail: string }).detail)
            .join('; '),
      );
      for (const plan of plans) expect(plan).toMatch(/USING (COVERING )?INDEX|USING PRIMARY KEY/);
    });
  });

  it('given event ids, then their positions for the right tenant only', async () => {
    const acmeEvent = events.find((event) => event.meta.tenant === 'acme')!;
    const globexEvent = events.find((event) => event.meta.tenant === 'globex')!;
    expect(await queries.eventPositions('acme', [globexEvent.id, acmeEvent.id, 'missing'])).toEqual([
      null,
      acmeEvent.position,
      null,
    ]);
  });

  it('given the keys of two tenants, then each tenant lists its own', async () => {
    expect((await queries.listApiKeys('acme')).map((key) => key.keyId)).toEqual(['k1']);
    expect(await queries.listApiKeys('nobody')).toEqual([]);
  });

  it('given everything applied, then appliedPosition is the head', async () => {
    expect(await queries.appliedPosition()).toBe(events[events.length - 1]!.position);
  });
});

function issued(keyId: string, tenant: string) {
  return testEvent({
    type: 'ApiKeyIssued',
    data: { keyId, role: 'app', tenant, label: 'k', secretHash: 'cd'.repeat(32) },
    meta: { ...TEST_META, tenant },
  });
}
