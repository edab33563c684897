import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import type { EventLog, NewEvent } from '../../domain/index.js';
import { computeEventHash, GENESIS_HASH } from '../encoding/eventHash.js';
import { checkpointStreamCases } from './checkpointStreamCases.js';
import { take, testEvent, testEvents } from './testEvents.js';

export interface EventLogFixture {
  readonly log: EventLog;
  /** Closes and removes whatever the factory created. */
  readonly dispose: () => Promise<void>;
}

export interface EventLogContractOptions {
  /**
   * Cases this adapter may skip, each with the reason. Keep it empty unless the backing store truly cannot
   * provide the behaviour; the reason is printed in the test name.
   */
  readonly skip?: Readonly<Record<string, string>>;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(hasErrorCode(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return (error as { details: Record<string, unknown> }).details;
}

/**
 * The one conformance suite every EventLog adapter passes: in-memory, SQLite, PostgreSQL (a real server the test
 * starts) and EventStoreDB (a real server, when EVENTSTORE_CONNECTION_STRING names one). What an adapter truly
 * cannot do is passed as data (`skip`, with the reason), never by editing a case.
 */
export function eventLogContract(
  name: string,
  factory: () => Promise<EventLogFixture>,
  options: EventLogContractOptions = {},
): void {
  describe(`EventLog contract: ${name}`, () => {
    let fixture: EventLogFixture;
    let log: EventLog;
    beforeEach(async () => {
      fixture = await factory();
      log = fixture.log;
    });
    afterEach(async () => fixture.dispose());

    const contractCase = (title: string, body: () => Promise<void>) => {
      const reason = options.skip?.[title];
      if (reason !== undefined) it.skip(`${title} (skipped: ${reason})`, body);
      else it(title, body);
    };

    describe('appending', () => {
      contractCase(
        'given an empty log, when a stream is created, then events get revisions and positions from 0 and chain from genesis',
        async () => {
          expect(await log.headPosition()).toBeNull();
          const result = await log.append('run-a', testEvents(3), 'no_stream');
          expect(result).toMatchObject({
            stream: 'run-a',
            nextExpectedRevision: 2,
            lastPosition: 2,
            deduplicated: false,
          });
          const stored = await log.readStream('run-a');
          expect(stored.map((e) => [e.revision, e.position])).toEqual([
            [0, 0],
            [1, 1],
            [2, 2],
          ]);
          expect(stored[0]!.prevHash).toBe(GENESIS_HASH);
          expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
          expect(stored[2]!.prevHash).toBe(stored[1]!.hash);
          expect(result.events.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
          expect(await log.headPosition()).toBe(2);
        },
      );

      contractCase('given a stored event, then its hash recomputes from its stored encoding', async () => {
        await log.append(
          'run-a',
          [testEvent({ data: { text: 'é ✓ 𝄞', nested: { b: [1, 2.5, -0, true, null], a: 'x' } } })],
          'no_stream',
        );
        const [encoded] = await log.readEncoded(0, 1);
        expect(encoded!.data).toBe('{"nested":{"a":"x","b":[1,2.5,0,true,null]},"text":"é ✓ 𝄞"}');
        expect(computeEventHash(encoded!)).toBe(encoded!.hash);
      });

      contractCase(
        'given events in several streams, then positions are global and each stream chains on its own',
        async () => {
          await log.append('run-a', testEvents(2), 'no_stream');
          await log.append('run-b', testEvents(1), 'no_stream');
          await log.append('run-a', testEvents(1), 1);
          const b = await log.readStream('run-b');
          const a = await log.readStream('run-a');
          expect(b.map((e) => [e.revision, e.position, e.prevHash])).toEqual([[0, 2, GENESIS_HASH]]);
          expect(a.map((e) => [e.revision, e.position])).toEqual([
            [0, 0],
            [1, 1],
            [2, 3],
          ]);
          expect(a[2]!.prevHash).toBe(a[1]!.hash);
        },
      );

      contractCase(
        'when the expected revision is wrong, then the append is refused with expected and actual',
        async () => {
          await log.append('run-a', testEvents(2), 'no_stream');
          expect(
            await expectCode(log.append('run-a', testEvents(1), 'no_stream'), 'WRONG_EXPECTED_REVISION'),
          ).toMatchObject({ stream: 'run-a', expected: 'no_stream', actual: 1 });
          expect(
            await expectCode(log.append('run-a', testEvents(1), 0), 'WRONG_EXPECTED_REVISION'),
          ).toMatchObject({ expected: 0, actual: 1 });
          expect(
            await expectCode(log.append('run-b', testEvents(1), 'exists'), 'WRONG_EXPECTED_REVISION'),
          ).toMatchObject({ expected: 'exists', actual: null });
          expect(
            await expectCode(log.append('run-b', testEvents(1), 0), 'WRONG_EXPECTED_REVISION'),
          ).toMatchObject({ expected: 0, actual: null });
          expect(await log.headPosition()).toBe(1);
          await log.append('run-a', testEvents(1), 1);
          await log.append('run-a', testEvents(1), 'exists');
          await log.append('run-a', testEvents(1), 'any');
          await log.append('run-c', testEvents(1), 'any');
          expect((await log.readStream('run-a')).length).toBe(5);
        },
      );

      contractCase('when many writers race on one expected revision, then exactly one wins', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => log.append('run-race', testEvents(2), 'no_stream')),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect(hasErrorCode(r.reason, 'WRONG_EXPECTED_REVISION')).toBe(true);
        expect(await log.readStream('run-race')).toHaveLength(2);
      });

      contractCase(
        'when writers append to different streams at once, then all land with unique contiguous positions',
        async () => {
          await Promise.all(
            Array.from({ length: 20 }, (_, i) => log.append(`run-${i}`, testEvents(3), 'no_stream')),
          );
          const all = await log.readAll();
          expect(all.map((e) => e.position)).toEqual(Array.from({ length: 60 }, (_, i) => i));
          for (let i = 0; i < 20; i++) {
            const stream = await log.readStream(`run-${i}`);
            expect(stream.map((e) => e.revision)).toEqual([0, 1, 2]);
            expect(stream[1]!.prevHash).toBe(stream[0]!.hash);
          }
        },
      );

      contractCase('when one event of an append is invalid, then nothing of it is written', async () => {
        const events = [testEvent(), testEvent({ data: { bad: Number.NaN } })];
        await expectCode(log.append('run-a', events, 'no_stream'), 'NON_JSON_VALUE');
        expect(await log.headPosition()).toBeNull();
        expect(await log.readStream('run-a')).toEqual([]);
      });
    });

    describe('idempotency by event id', () => {
      contractCase(
        'when the same events are appended again, then the original result comes back and nothing is written',
        async () => {
          const events = testEvents(2);
          const first = await log.append('run-a', events, 'no_stream');
          await log.append('run-b', testEvents(1), 'no_stream');
          const again = await log.append('run-a', events, 'no_stream');
          expect(again).toEqual({ ...first, deduplicated: true });
          const retriedWithNewTimestamp = events.map((e) => ({
            ...e,
            meta: { ...e.meta, occurredAt: '2027-01-01T00:00:00Z' },
          }));
          expect((await log.append('run-a', retriedWithNewTimestamp, 5)).deduplicated).toBe(true);
          expect(await log.headPosition()).toBe(2);
        },
      );

      contractCase(
        'when a stored id comes back with other content, elsewhere, or mixed with new ids, then it is a conflict',
        async () => {
          const [e1, e2] = testEvents(2) as [NewEvent, NewEvent];
          await log.append('run-a', [e1, e2], 'no_stream');
          expect(
            await expectCode(
              log.append('run-a', [{ ...e1, data: { other: true } }], 'any'),
              'IDEMPOTENCY_CONFLICT',
            ),
          ).toMatchObject({ eventId: e1.id });
          await expectCode(log.append('run-b', [e1], 'any'), 'IDEMPOTENCY_CONFLICT');
          await expectCode(log.append('run-a', [e1, testEvent()], 'any'), 'IDEMPOTENCY_CONFLICT');
          await expectCode(log.append('run-a', [testEvent(), e2], 'any'), 'IDEMPOTENCY_CONFLICT');
          await expectCode(log.append('run-a', [e2, e1], 'any'), 'IDEMPOTENCY_CONFLICT');
          expect(await log.headPosition()).toBe(1);
        },
      );

      contractCase('when the same new id is sent twice concurrently, then it is stored once', async () => {
        const event = testEvent();
        const results = await Promise.all([
          log.append('run-a', [event], 'any'),
          log.append('run-a', [event], 'any'),
        ]);
        expect(results.map((r) => r.deduplicated).sort()).toEqual([false, true]);
        expect(await log.readStream('run-a')).toHaveLength(1);
      });
    });

    describe('reading', () => {
      contractCase(
        'given a stream, when read forwards or backwards from a revision, then the right slice comes back',
        async () => {
          await log.append('run-a', testEvents(5), 'no_stream');
          const revisions = async (o: Parameters<EventLog['readStream']>[1]) =>
            (await log.readStream('run-a', o)).map((e) => e.revision);
          expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
          expect(await revisions({ fromRevision: 2, maxCount: 2 })).toEqual([2, 3]);
          expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
          expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
          expect(await revisions({ fromRevision: 9 })).toEqual([]);
          expect(await log.readStream('run-missing')).toEqual([]);
        },
      );

      contractCase(
        'given events, when the global log is read with filters, then only matches come back in position order',
        async () => {
          await log.append(
            'run-a',
            [testEvent({ type: 'RunStarted' }), testEvent({ type: 'StepRecorded' })],
            'no_stream',
          );
          await log.append('memory-acme', [testEvent({ type: 'MemoryProposed' })], 'no_stream');
          await log.append('run-b', [testEvent({ type: 'RunStarted' })], 'no_stream');
          const types = async (o: Parameters<EventLog['readAll']>[0]) =>
            (await log.readAll(o)).map((e) => `${e.position}:${e.type}`);
          expect(await types({ filter: { streamPrefixes: ['run-'] } })).toEqual([
            '0:RunStarted',
            '1:StepRecorded',
            '3:RunStarted',
          ]);
          expect(
            await types({ filter: { types: ['RunStarted', 'MemoryProposed'] }, fromPosition: 1 }),
          ).toEqual(['2:MemoryProposed', '3:RunStarted']);
          expect(await types({ direction: 'backwards', maxCount: 2 })).toEqual([
            '3:RunStarted',
            '2:MemoryProposed',
          ]);
          expect(await types({ direction: 'backwards', fromPosition: 1 })).toEqual([
            '1:StepRecorded',
            '0:RunStarted',
          ]);
          expect(await types({ filter: { streamPrefixes: ['run-'], types: ['StepRecorded'] } })).toEqual([
            '1:StepRecorded',
          ]);
        },
      );

      contractCase('given stored events, then data and meta read back as written', async () => {
        const event = testEvent({ data: { s: 'ünïcødé', list: [1, { x: null }], big: 1e21, tiny: 5e-324 } });
        await log.append('run-a', [event], 'no_stream');
        const [stored] = await log.readStream('run-a');
        expect(stored).toMatchObject({
          id: event.id,
          type: event.type,
          schemaVersion: 1,
          data: event.data,
          meta: event.meta,
        });
      });

      contractCase('when a read asks for nonsense, then it gets INVALID_READ', async () => {
        await expectCode(log.readAll({ maxCount: 0 }), 'INVALID_READ');
        await expectCode(log.readAll({ fromPosition: -1 }), 'INVALID_READ');
        await expectCode(log.readStream('run-a', { fromRevision: 1.5 }), 'INVALID_READ');
        await expectCode(log.readStream('Bad Stream'), 'INVALID_STREAM_NAME');
      });
    });

    describe('subscribing to the global log', () => {
      contractCase(
        'when a subscriber catches up while writers append, then it sees every event once, in order, with no gap',
        async () => {
          await Promise.all(
            Array.from({ length: 5 }, (_, i) => log.append(`run-${i}`, testEvents(10), 'no_stream')),
          );
          const subscription = log.subscribeToAll();
          const received = take(subscription, 150);
          for (let round = 0; round < 10; round++) {
            await Promise.all(
              Array.from({ length: 5 }, (_, i) => log.append(`run-${i}`, testEvents(2), 'exists')),
            );
          }
          const events = await received;
          await subscription.close();
          expect(events.map((e) => e.position)).toEqual(Array.from({ length: 150 }, (_, i) => i));
        },
      );

      contractCase(
        'when subscribing from a position with a filter, then only later matching events arrive, live ones too',
        async () => {
          await log.append('run-a', testEvents(3), 'no_stream');
          await log.append('memory-a', testEvents(2), 'no_stream');
          const subscription = log.subscribeToAll({ fromPosition: 2, filter: { streamPrefixes: ['run-'] } });
          const received = take(subscription, 3);
          await log.append('memory-a', testEvents(1), 'exists');
          await log.append('run-a', testEvents(2), 2);
          const events = await received;
          await subscription.close();
          expect(events.map((e) => `${e.stream}@${e.revision}`)).toEqual(['run-a@2', 'run-a@3', 'run-a@4']);
        },
      );

      contractCase('when a waiting subscription is closed, then its iteration ends', async () => {
        const subscription = log.subscribeToAll();
        const drained = (async () => {
          const seen = [];
          for await (const event of subscription) seen.push(event);
          return seen;
        })();
        await log.append('run-a', testEvents(1), 'no_stream');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await subscription.close();
        expect(await drained).toHaveLength(1);
      });
    });

    describe('bad input', () => {
      const nonJson: [string, unknown][] = [
        ['NaN', Number.NaN],
        ['Infinity', Number.POSITIVE_INFINITY],
        ['undefined', undefined],
        ['a function', () => 1],
        ['a BigInt', 10n],
        ['a symbol', Symbol('s')],
        ['a lone surrogate', 'a\uD800b'],
        ['a Date', new Date(0)],
        ['a Map', new Map()],
        // eslint-disable-next-line no-sparse-arrays -- the hole is the hostile input under test
        ['a sparse array', [1, , 3]],
      ];
      for (const [label, value] of nonJson) {
        contractCase(
          `when data holds ${label}, then NON_JSON_VALUE names the path and nothing is written`,
          async () => {
            const details = await expectCode(
              log.append(
                'run-a',
                [testEvent({ data: { ok: 1, deep: { bad: value } } as never })],
                'no_stream',
              ),
              'NON_JSON_VALUE',
            );
            expect(details.path).toMatch(/^events\[0\]\.data\.deep\.bad/);
            expect(await log.headPosition()).toBeNull();
          },
        );
      }

      contractCase(
        'when data is cyclic or absurdly deep, then NON_JSON_VALUE and the log stays appendable',
        async () => {
          const cyclic: Record<string, unknown> = { a: 1 };
          cyclic.self = cyclic;
          await expectCode(
            log.append('run-a', [testEvent({ data: cyclic as never })], 'no_stream'),
            'NON_JSON_VALUE',
          );
          let deep: unknown = 1;
          for (let i = 0; i < 10_000; i++) deep = [deep];
          await expectCode(
            log.append('run-a', [testEvent({ data: deep as never })], 'no_stream'),
            'NON_JSON_VALUE',
          );
          await log.append('run-a', testEvents(1), 'no_stream');
          expect(await log.headPosition()).toBe(0);
        },
      );

      contractCase(
        'when an event exceeds the size limit, then EVENT_TOO_LARGE carries limit and actual size',
        async () => {
          const details = await expectCode(
            log.append('run-a', [testEvent({ data: 'x'.repeat(1024 * 1024 + 1) })], 'no_stream'),
            'EVENT_TOO_LARGE',
          );
          expect(details).toMatchObject({ limit: 1024 * 1024 });
          expect(details.actual as number).toBeGreaterThan(1024 * 1024);
          await log.append('run-a', [testEvent({ data: 'x'.repeat(512 * 1024) })], 'no_stream');
        },
      );

      for (const stream of [
        '',
        'Run-a',
        'run a',
        'run-',
        '-a',
        'run-a/b',
        'run-\u00e9',
        `run-${'x'.repeat(300)}`,
        'run-a\n',
      ]) {
        contractCase(
          `when the stream name is ${JSON.stringify(stream.slice(0, 20))}, then INVALID_STREAM_NAME`,
          async () => {
            await expectCode(log.append(stream, testEvents(1), 'any'), 'INVALID_STREAM_NAME');
            expect(await log.headPosition()).toBeNull();
          },
        );
      }

      const malformed: [string, Partial<NewEvent> | Record<string, unknown>][] = [
        ['id', { id: 'not-a-uuid' }],
        ['type', { type: 'thing happened' }],
        ['schemaVersion', { schemaVersion: 0 }],
        ['meta.tenant', { meta: { ...testEvent().meta, tenant: '' } }],
        ['meta.actor.kind', { meta: { ...testEvent().meta, actor: { kind: 'robot', id: 'x' } } }],
        ['meta.occurredAt', { meta: { ...testEvent().meta, occurredAt: 'yesterday' } }],
        ['meta.extra', { meta: { ...testEvent().meta, extra: 1 } }],
      ];
      for (const [field, override] of malformed) {
        contractCase(`when ${field} is malformed, then INVALID_EVENT names it`, async () => {
          const details = await expectCode(
            log.append('run-a', [testEvent(override)], 'no_stream'),
            'INVALID_EVENT',
          );
          expect(details.field).toBe(field);
        });
      }

      contractCase(
        'when an append repeats an id or is empty or has a bad expected revision, then INVALID_EVENT',
        async () => {
          const event = testEvent();
          await expectCode(log.append('run-a', [event, event], 'no_stream'), 'INVALID_EVENT');
          await expectCode(log.append('run-a', [], 'no_stream'), 'INVALID_EVENT');
          await expectCode(log.append('run-a', [event], -1), 'INVALID_EVENT');
          await expectCode(log.append('run-a', [event], 'later' as never), 'INVALID_EVENT');
          expect(await log.headPosition()).toBeNull();
        },
      );
    });

    checkpointStreamCases({ contractCase, log: () => log, expectCode });

    contractCase('when the log is closed, then appends and reads fail with LEDGER_CLOSED', async () => {
      await log.append('run-a', testEvents(1), 'no_stream');
      await log.close();
      await expectCode(log.append('run-a', testEvents(1), 0), 'LEDGER_CLOSED');
      await expectCode(log.readAll(), 'LEDGER_CLOSED');
    });
  });
}
