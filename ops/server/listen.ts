import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MirError } from '../../domain/index.js';

/** Why an address cannot be listened on, in words, by the system's error code. */
const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use (another server on that port?)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no interface of this machine has that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/** The HTTP server could not listen; `host`, `port` and the system's `reason` code name what failed. */
export class ListenError extends MirError<'LISTEN_FAILED'> {
  constructor(host: string, port: number, cause: unknown) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    super(
      'LISTEN_FAILED',
      `cannot listen on ${host}:${port}: ${REASONS[reason] ?? (cause as Error).message} (${reason})`,
      { host, port, reason },
      cause,
    );
  }
}

/** Listens on `host:port` (port 0: any free port) and returns the bound address; ListenError when it cannot. */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => reject(new ListenError(host, port, error));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
