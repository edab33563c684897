import type { EventLog } from '../../domain/index.js';
import { openCheckpoint, parseVerifierKey } from '../checkpoints/note/index.js';
import type { NoteVerifierKey } from '../checkpoints/note/index.js';
import { CHECKPOINTS_STREAM, KEYS_STREAM, LEDGER_STREAM } from '../ledgerStreams.js';
import type {
  CheckpointSignedData,
  LedgerInitializedData,
  SigningKeyRegisteredData,
} from '../ledgerStreams.js';
import type { VerificationFailure } from './verificationReport.js';

/** A stored checkpoint, with the failure its signature or fields showed (reported when the scan reaches it). */
export interface CheckpointClaim {
  readonly position: number;
  readonly revision: number;
  readonly hash: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly problem: VerificationFailure | null;
}

const PAGE = 10_000;

export async function readAllOfStream(log: EventLog, stream: string) {
  const events = [];
  for (let from = 0; ; from += PAGE) {
    const page = await log.readStream(stream, { fromRevision: from, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

export async function readOrigin(log: EventLog): Promise<string | null> {
  const [genesis] = await log.readStream(LEDGER_STREAM, { maxCount: 1 });
  const origin = (genesis?.data as unknown as LedgerInitializedData | undefined)?.origin;
  return typeof origin === 'string' ? origin : null;
}

/** The keys whose checkpoint signatures count: the auditor's pinned keys, else those the ledger registers. */
export async function trustedKeys(
  log: EventLog,
  pinned: readonly string[] | undefined,
): Promise<NoteVerifierKey[]> {
  if (pinned !== undefined && pinned.length > 0) return pinned.map((text) => parseVerifierKey(text.trim()));
  const keys: NoteVerifierKey[] = [];
  for (const event of await readAllOfStream(log, KEYS_STREAM)) {
    const text = (event.data as unknown as SigningKeyRegisteredData).verifierKey;
    try {
      keys.push(parseVerifierKey(text));
    } catch {
      // A malformed registration trusts nothing; the checkpoints it would have covered fail instead.
    }
  }
  return keys;
}

/**
 * Reads every checkpoint event and checks what can be checked without the tree: signature by a trusted key,
 * stored fields equal to the signed note, origin, a size that precedes the checkpoint itself, and sizes that never
 * shrink from one checkpoint to the next. Roots are checked during the scan.
 */
export async function readCheckpointClaims(
  log: EventLog,
  origin: string | null,
  keys: readonly NoteVerifierKey[],
) {
  const claims: CheckpointClaim[] = [];
  let previousSize = 0;
  for (const event of await readAllOfStream(log, CHECKPOINTS_STREAM)) {
    const data = event.data as unknown as CheckpointSignedData;
    const where = { stream: event.stream, revision: event.revision, position: event.position };
    let problem: VerificationFailure | null = null;
    try {
      const signed = openCheckpoint(data.note, keys);
      const stored = {
        origin: data.origin,
        treeSize: data.treeSize,
        rootHash: data.rootHash,
        timestamp: data.timestamp,
      };
      const note = {
        origin: signed.origin,
        treeSize: signed.treeSize,
        rootHash: signed.rootHash.toString('hex'),
        timestamp: signed.timestamp,
      };
      if (JSON.stringify(stored) !== JSON.stringify(note)) {
        problem = {
          code: 'CHECKPOINT_MALFORMED',
          message: 'stored checkpoint fields differ from its signed note',
          ...where,
          expected: note,
          actual: stored,
        };
      } else if (signed.origin !== origin) {
        problem = {
          code: 'CHECKPOINT_MALFORMED',
          message: 'checkpoint signed for another origin',
          ...where,
          expected: origin,
          actual: signed.origin,
        };
      } else if (signed.treeSize > event.position) {
        problem = {
          code: 'CHECKPOINT_BEYOND_LOG',
          message: 'checkpoint covers events that follow it',
          ...where,
          expected: `<= ${event.position}`,
          actual: signed.treeSize,
        };
      } else if (signed.treeSize < previousSize) {
        problem = {
          code: 'CHECKPOINT_INCONSISTENT',
          message: 'checkpoint tree shrank since the previous checkpoint',
          ...where,
          expected: `>= ${previousSize}`,
          actual: signed.treeSize,
        };
      }
      previousSize = Math.max(previousSize, signed.treeSize);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'UNKNOWN';
      problem = {
        code: 'CHECKPOINT_SIGNATURE_INVALID',
        message: `checkpoint note does not verify with a trusted key (${code})`,
        ...where,
        expected: keys.map((key) => key.name),
        actual: code,
      };
    }
    claims.push({
      position: event.position,
      revision: event.revision,
      hash: event.hash,
      treeSize: data.treeSize,
      rootHash: data.rootHash,
      timestamp: data.timestamp,
      problem,
    });
  }
  return claims;
}
