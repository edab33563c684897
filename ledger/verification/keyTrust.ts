import type { EventLog } from '../../domain/index.js';
import { runOnNode } from '../keys/nodeCrypto.js';
import { KEYS_STREAM } from '../ledgerStreams.js';
import { keyChainSteps } from '../portable/keyChain.js';
import type { KeyChainReading, KeyStreamEvent } from '../portable/keyChain.js';
import { readStreamEntries } from './streamEntries.js';

/**
 * The chain of checkpoint keys the ledger's `keys` stream records (see keyChainSteps), from the events before
 * position `total` only. An event whose stored data or meta is not JSON ends the chain there, as a
 * `KEY_ROTATION_INVALID` failure naming it. Never throws on what the ledger holds.
 *
 * @throws NoteError `VERIFIER_KEY_MALFORMED` for a pinned key that does not parse.
 */
export async function readKeyChain(
  log: EventLog,
  pinnedVerifierKeys: readonly string[] = [],
  total = Number.MAX_SAFE_INTEGER,
): Promise<KeyChainReading> {
  const events: KeyStreamEvent[] = [];
  for (const entry of await readStreamEntries(log, KEYS_STREAM)) {
    if (entry.undecodable !== undefined) {
      const { stream, revision, position, field } = entry.undecodable;
      if (position >= total) break;
      const reading = runOnNode(keyChainSteps(events, pinnedVerifierKeys));
      if (reading.failure !== null) return reading;
      const message = `keys stream event at revision ${revision} is invalid: its ${field} is not JSON`;
      return { ...reading, failure: { code: 'KEY_ROTATION_INVALID', message, stream, revision, position } };
    }
    if (entry.event.position >= total) break;
    events.push(entry.event);
  }
  return runOnNode(keyChainSteps(events, pinnedVerifierKeys));
}
