import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunCommandService } from '../../domain/index.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import { systemTimer } from '../../inference/index.js';
import { testIds } from '../../ledger/testing/testLedger.js';
import { WallTimeWatch } from './wallTimeWatch.js';

const RUN = `query($id: ID!) { run(id: $id) { status failureReason endedAt lastEvent { type actor { kind id } data } } }`;

describe('wall-time watch (SQLite ledger, read models, API, real timers)', () => {
  let rt: TestRuntime;
  let app: string;
  const watches: WallTimeWatch[] = [];
  beforeEach(async () => {
    rt = await openTestRuntime({ store: 'sqlite' });
    app = await rt.bearer('app');
  });
  afterEach(async () => {
    for (const watch of watches.splice(0)) await watch.close();
    await rt.close();
  });

  const watch = () => {
    const started = new WallTimeWatch(
      rt.log,
      new RunCommandService(rt.log, rt.clock, testIds),
      rt.clock,
      systemTimer,
    );
    watches.push(started);
    started.start();
    return started;
  };
  const shown = async (id: string) =>
    (
      await graphqlRequest<{ run: Record<string, unknown> }>(rt.api.yoga, RUN, {
        authorization: app,
        variables: { id },
      })
    ).data!.run;

  it('given runs started before the watch (a restart), when the wall time passes with no command, then the runtime ends the run and the API shows it failed with its event', async () => {
    const limited = (await startRun(rt.api.yoga, app, { budget: { maxWallTimeMs: 1_000 } })).run.id;
    const unlimited = (await startRun(rt.api.yoga, app)).run.id;
    const watcher = watch();
    await vi.waitFor(() => expect(watcher.deadlines().has(limited)).toBe(true));
    expect(watcher.deadlines().has(unlimited)).toBe(false);

    rt.clock.advance(1_001);
    await vi.waitFor(
      async () => {
        await rt.deps.waitForProjection((await rt.log.headPosition())!);
        expect(await shown(limited)).toMatchObject({ status: 'failed' });
      },
      { timeout: 10_000, interval: 25 },
    );
    expect(await shown(limited)).toEqual({
      status: 'failed',
      failureReason: `run ${limited} ran past its 1000 ms`,
      endedAt: expect.any(String) as string,
      lastEvent: {
        type: 'RunFailed',
        actor: { kind: 'system', id: 'mir-runtime' },
        data: {
          reason: `run ${limited} ran past its 1000 ms`,
          budgetExceeded: { budget: 'wallTime', limit: 1_000, actual: 1_001, command: null },
        },
      },
    });
    expect(await shown(unlimited)).toMatchObject({ status: 'pending' });
    expect(watcher.deadlines().size).toBe(0);
  });

  it('given two watches on one ledger (as two processes sharing it), when the deadline passes, then the end is recorded once', async () => {
    const runId = (await startRun(rt.api.yoga, app, { budget: { maxWallTimeMs: 500 } })).run.id;
    const [one, two] = [watch(), watch()];
    await vi.waitFor(() => expect(one.deadlines().has(runId) && two.deadlines().has(runId)).toBe(true));
    rt.clock.advance(501);
    await vi.waitFor(() => expect(one.deadlines().size + two.deadlines().size).toBe(0), {
      timeout: 10_000,
      interval: 25,
    });
    const stream = await rt.log.readStream(`run-${runId}`);
    expect(stream.map((event) => event.type)).toEqual(['RunStarted', 'RunFailed']);
  });

  it('given a run that ends in time, then the watch forgets it and records nothing', async () => {
    const runId = (await startRun(rt.api.yoga, app, { budget: { maxWallTimeMs: 500 } })).run.id;
    const watcher = watch();
    await vi.waitFor(() => expect(watcher.deadlines().has(runId)).toBe(true));
    await rt.deps.runs.execute(
      { type: 'CompleteRun', runId, output: null },
      { actor: { kind: 'service', id: 'app' }, tenant: 'acme' },
    );
    await vi.waitFor(() => expect(watcher.deadlines().has(runId)).toBe(false));
    const stream = await rt.log.readStream(`run-${runId}`);
    expect(stream.map((event) => event.type)).toEqual(['RunStarted', 'RunCompleted']);
  });
});
