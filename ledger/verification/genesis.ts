import type { EventLog } from '../../domain/index.js';
import { LEDGER_STREAM } from '../ledgerStreams.js';
import type { VerificationFailure } from './verificationReport.js';
import { readStreamPage } from './streamEntries.js';

/** The ledger's origin from its genesis event, or why the genesis cannot give one (null for an empty ledger). */
export interface GenesisReading {
  readonly origin: string | null;
  readonly failure: VerificationFailure | null;
}

/**
 * Reads the first event of the `ledger` stream without trusting it: it must be a `LedgerInitialized` whose data is
 * an object with a string `origin`. Anything else (not JSON, null, another type, a missing or non-string origin) is
 * GENESIS_INVALID naming the event; a log with no `ledger` stream has neither origin nor failure here.
 */
export async function readGenesis(log: EventLog): Promise<GenesisReading> {
  const [first] = await readStreamPage(log, LEDGER_STREAM, 0, 1);
  if (first === undefined) return { origin: null, failure: null };
  if (first.undecodable !== undefined) {
    const { stream, revision, position, field } = first.undecodable;
    return invalid(`the genesis event's ${field} is not JSON`, { stream, revision, position });
  }
  const { event } = first;
  const where = { stream: event.stream, revision: event.revision, position: event.position };
  if (event.type !== 'LedgerInitialized') return invalid(`the genesis event is a ${event.type}`, where);
  const data = event.data;
  const origin =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as { origin?: unknown }).origin
      : undefined;
  if (typeof origin !== 'string')
    return invalid('the genesis event names no origin (data.origin is not a string)', where);
  return { origin, failure: null };
}

/** The ledger's origin, or null when the genesis is missing or unusable. */
export async function readOrigin(log: EventLog): Promise<string | null> {
  return (await readGenesis(log)).origin;
}

function invalid(
  reason: string,
  where: { stream: string; revision: number; position: number },
): GenesisReading {
  return {
    origin: null,
    failure: {
      code: 'GENESIS_INVALID',
      message: `${reason}: the ${LEDGER_STREAM} stream must open with a LedgerInitialized event naming the origin`,
      ...where,
    },
  };
}
