import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import type { Ledger } from '../../ledger/index.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { openTestReadModels } from '../testing/readModelFixture.js';
import { runDriver } from '../testing/runDriver.js';
import { evolveAuditIndex } from './auditIndexProjection.js';

describe('audit index projection', () => {
  let log: EventLog;
  let ledger: Ledger;
  let models: ReturnType<typeof openTestReadModels>;
  beforeEach(async () => {
    log = createMemoryEventLog();
    ledger = await openTestLedger({ log });
    models = openTestReadModels(log);
  });
  afterEach(async () => {
    await models.dispose();
    await ledger.close();
  });

  it("given runs and the ledger's own events, then every event of every stream is indexed once", async () => {
    const driver = runDriver(log);
    const runId = await driver.start({ tenant: 'globex' });
    await driver.step(runId);
    await ledger.checkpointNow();
    await models.runner.catchUp();

    const all = await log.readAll();
    const rows = models.database.prepare('SELECT * FROM audit_events ORDER BY position').all();
    expect(rows).toEqual(
      all.map((event) => ({
        position: event.position,
        tenant: event.meta.tenant,
        stream: event.stream,
        revision: event.revision,
        type: event.type,
        actor_kind: event.meta.actor.kind,
        actor_id: event.meta.actor.id,
        occurred_at: Date.parse(event.meta.occurredAt),
        event_id: event.id,
      })),
    );
    const streams = new Set(all.map((event) => event.stream));
    expect([...streams].sort()).toEqual(['checkpoints', 'keys', 'ledger', `run-${runId}`]);
    expect(rows.filter((row) => (row as { tenant: string }).tenant === 'system')).toHaveLength(3);
  });

  it('given an occurredAt with nanoseconds, then occurred_at holds its milliseconds', () => {
    const [entry] = evolveAuditIndex({
      ...all0(),
      meta: { ...all0().meta, occurredAt: '2026-11-23T12:00:00.123456789Z' },
    });
    expect(entry?.occurredAt).toBe(Date.UTC(2026, 10, 23, 12, 0, 0, 123));
  });
});

function all0() {
  return {
    id: '0190a1b2-c3d4-7e5f-8000-000000000001',
    stream: 'keys',
    revision: 0,
    position: 0,
    type: 'SigningKeyRegistered',
    schemaVersion: 1,
    data: {},
    meta: {
      tenant: 'system',
      actor: { kind: 'system', id: 'ledger' },
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-11-23T12:00:00Z',
    },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  } as const;
}
