import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStreamWriter } from '../../domain/runs/runStreamWriter.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { testIds } from '../../ledger/testing/testLedger.js';
import { APP, openGovernance } from '../toolCalls/governanceFixture.js';
import type { Governance } from '../toolCalls/governanceFixture.js';

// The tool-call writer's cached run views over two SQLite connections to one ledger file (two processes).

let g: Governance;
beforeEach(async () => {
  g = await openGovernance();
});
afterEach(() => g.dispose());

const note = (summary: string) => ({
  type: 'StepRecorded',
  data: { step: 0, kind: 'note', summary, payload: null },
});

describe('RunStreamWriter', () => {
  it('given a cached view, when another process appends, then the next command sees it and its own append is not lost', async () => {
    const runId = await g.startRun();
    const here = new RunStreamWriter(g.log, g.clock, testIds);
    const otherLog = openSqliteEventLog(join(g.dir, 'ledger.db'));
    try {
      const there = new RunStreamWriter(otherLog, g.clock, testIds);
      const before = await here.load(runId);
      await there.write(runId, APP, () => ({ events: [note('there')], value: null }));
      const seen = await here.write(runId, APP, (view) => ({
        events: [note('here')],
        value: view.revision,
      }));
      expect(seen.value).toBe(before.revision! + 1);
      expect((await here.load(runId)).revision).toBe(before.revision! + 2);
      expect(
        (await g.stream(runId)).slice(-2).map((event) => (event.data as { summary: string }).summary),
      ).toEqual(['there', 'here']);
    } finally {
      await otherLog.close();
    }
  });
});
