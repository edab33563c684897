import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import { openEventStoreEventLog } from './eventStoreEventLog.js';

/** A local port nothing listens on: bound on port 0, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function openFailure(connectionString: string, namespace?: string): Promise<unknown> {
  return openEventStoreEventLog(connectionString, { namespace }).then(
    async (log) => {
      await log.close();
      return undefined;
    },
    (error: unknown) => error,
  );
}

describe('opening an EventStoreDB event log', () => {
  it('when no server answers, then STORAGE_IO says so and never shows the password', async () => {
    const error = await openFailure(`esdb://admin:s3cret-pw@127.0.0.1:${await closedPort()}?tls=false`);
    expect(hasErrorCode(error, 'STORAGE_IO')).toBe(true);
    expect((error as Error).message).toContain('EventStoreDB');
    expect((error as Error).message).not.toContain('s3cret-pw');
    expect((error as { details: unknown }).details).toEqual({ eventStoreError: 'unavailable' });
  });

  it('when the connection string is unreadable, then STORAGE_IO names it with the password redacted', async () => {
    for (const connectionString of [
      'esdb://admin:s3cret-pw@127.0.0.1:2113?tls=maybe',
      'postgres://admin:s3cret-pw@127.0.0.1:2113',
    ]) {
      const error = await openFailure(connectionString);
      expect(hasErrorCode(error, 'STORAGE_IO')).toBe(true);
      expect((error as Error).message).toContain('admin:***@');
      expect((error as Error).message).not.toContain('s3cret-pw');
    }
  });

  it('when the namespace breaks the rule, then INVALID_STREAM_NAME before any connection', async () => {
    const error = await openFailure(`esdb://127.0.0.1:${await closedPort()}?tls=false`, 'Bad.Namespace');
    expect(hasErrorCode(error, 'INVALID_STREAM_NAME')).toBe(true);
  });
});
