import { LedgerError } from '../../domain/index.js';
import { isValidStreamName } from '../encoding/streamName.js';

/** The namespace a ledger uses when none is given. */
export const DEFAULT_NAMESPACE = 'mir';

/**
 * A namespace: lowercase letters, digits and `-`, starting with a letter, at most 64 characters. No `.`, so the
 * ESDB prefix `<namespace>.` of one namespace is never the prefix of another's streams, and never `$` (system).
 */
const NAMESPACE = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Checks a namespace and returns the ESDB stream-name prefix of its streams (`<namespace>.`).
 * @throws LedgerError INVALID_STREAM_NAME naming the namespace and the rule.
 */
export function namespacePrefix(namespace: string): string {
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
    const shown = typeof namespace === 'string' ? namespace.slice(0, 100) : typeof namespace;
    throw new LedgerError('INVALID_STREAM_NAME', `invalid EventStoreDB namespace ${JSON.stringify(shown)}`, {
      namespace: shown,
      rule: 'namespace [a-z][a-z0-9-]{0,63}',
    });
  }
  return `${namespace}.`;
}

/** The ESDB stream holding MIR stream `stream` of the namespace with this prefix (from `namespacePrefix`). */
export function eventStoreStreamName(prefix: string, stream: string): string {
  return prefix + stream;
}

/**
 * The MIR stream an ESDB stream holds, or null when the ESDB stream is not one of this namespace's (another
 * namespace, a system stream, or a name no MIR stream has).
 */
export function mirStreamName(prefix: string, eventStoreStream: string): string | null {
  if (!eventStoreStream.startsWith(prefix)) return null;
  const stream = eventStoreStream.slice(prefix.length);
  return isValidStreamName(stream) ? stream : null;
}
