import { Metadata, status } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  convertToCommandError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  StreamDeletedError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../domain/index.js';
import { toLedgerError } from './eventStoreErrors.js';

/** A gRPC failure as the server sends it: a status code and the `exception` trailer the client converts. */
function serverError(code: status, exception: string, extra: Record<string, string> = {}): Error {
  const metadata = new Metadata();
  metadata.set('exception', exception);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return convertToCommandError(
    Object.assign(new Error(`${code} ${exception}`), { code, details: exception, metadata }),
  );
}

describe('EventStoreDB client errors → ledger errors', () => {
  it('when ESDB refuses the expected version, then WRONG_EXPECTED_REVISION carries the caller’s terms and the actual revision', () => {
    const existing = new WrongExpectedVersionError(undefined, {
      streamName: 'mir.run-a',
      expected: NO_STREAM,
      current: 4n,
    });
    expect(toLedgerError(existing, { stream: 'run-a', expected: 'no_stream' })).toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      details: { stream: 'run-a', expected: 'no_stream', actual: 4 },
    });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'mir.run-b',
      expected: 0n,
      current: NO_STREAM,
    });
    expect(toLedgerError(missing, { stream: 'run-b', expected: 0 })).toMatchObject({
      details: { stream: 'run-b', expected: 0, actual: null },
    });
  });

  it('when the server reports its own wrong-expected-version trailer, then the conversion reaches the same error', () => {
    const converted = serverError(status.FAILED_PRECONDITION, 'wrong-expected-version', {
      'stream-name': 'mir.run-a',
      'expected-version': '2',
      'actual-version': '5',
    });
    expect(converted).toBeInstanceOf(WrongExpectedVersionError);
    expect(toLedgerError(converted, { stream: 'run-a', expected: 2 })).toMatchObject({
      code: 'WRONG_EXPECTED_REVISION',
      details: { expected: 2, actual: 5 },
    });
  });

  it('when the server refuses the append size, then APPEND_TOO_LARGE carries its limit', () => {
    expect(toLedgerError(MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576))).toMatchObject({
      code: 'APPEND_TOO_LARGE',
      details: { limit: 1_048_576, unit: 'bytes' },
    });
  });

  it('when the cluster cannot serve now, then a retryable storage code says which', () => {
    const cases: [Error, string][] = [
      [
        serverError(status.NOT_FOUND, 'not-leader', {
          'leader-endpoint-host': '10.0.0.2',
          'leader-endpoint-port': '2113',
        }),
        'STORAGE_BUSY',
      ],
      [new DeadlineExceededError(undefined, 'deadline'), 'STORAGE_BUSY'],
      [serverError(status.ABORTED, 'none'), 'STORAGE_BUSY'],
      [new UnavailableError(undefined, 'connect ECONNREFUSED 127.0.0.1:2113'), 'STORAGE_IO'],
      [new AccessDeniedError(undefined, 'access denied'), 'STORAGE_READONLY'],
      [StreamDeletedError.fromStreamName('mir.run-a'), 'STORAGE_CORRUPT'],
      [new UnknownError(undefined, 'boom'), 'STORAGE_IO'],
      [new Error('socket hang up'), 'STORAGE_IO'],
    ];
    for (const [error, code] of cases) {
      const mapped = toLedgerError(error);
      expect(mapped.code, error.constructor.name).toBe(code);
      expect(mapped.cause).toBe(error);
      expect(mapped.message).toContain('EventStoreDB');
    }
    expect(
      toLedgerError(
        serverError(status.NOT_FOUND, 'not-leader', {
          'leader-endpoint-host': 'h',
          'leader-endpoint-port': '1',
        }),
      ).details,
    ).toEqual({ eventStoreError: 'not-leader' });
  });

  it('given a ledger error, then it passes through unchanged', () => {
    const error = new LedgerError('LEDGER_CLOSED', 'the event log is closed');
    expect(toLedgerError(error)).toBe(error);
  });
});
