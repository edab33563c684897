import type { EventLog } from '../../domain/index.js';
import { readCheckpointData } from '../checkpoints/checkpointData.js';
import { isCheckpointError, openCheckpoint } from '../checkpoints/note/index.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';
import { checkpointSignerFailure, trustedKeys } from '../portable/keyChain.js';
import type { KeyChain } from '../portable/keyChain.js';
import { readStreamEntries } from './streamEntries.js';
import type { StreamEntry } from './streamEntries.js';
import type { VerificationFailure } from './verificationReport.js';

export { readOrigin } from './genesis.js';

/** A stored checkpoint, with the failure its signature or fields showed (reported when the scan reaches it). */
export interface CheckpointClaim {
  readonly position: number;
  readonly revision: number;
  /** The stored event hash; empty for an event that could not be decoded. */
  readonly hash: string;
  /** The claimed tree; -1 (no tree) when the data could not be read. */
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly note: string;
  readonly problem: VerificationFailure | null;
}

/**
 * Reads every checkpoint event and checks what can be checked without the tree: readable data (JSON, the right
 * fields and types), signature by a key of the trusted key chain, stored fields equal to the signed note, origin,
 * a signer that may sign that tree size (KEY_RETIRED, KEY_NOT_YET_VALID), a size that precedes the checkpoint
 * itself, and sizes that never shrink from one checkpoint to the next. Roots are checked
 * during the scan. Never throws on what the ledger holds: each problem becomes the claim's named failure.
 */
export async function readCheckpointClaims(
  log: EventLog,
  origin: string | null,
  chain: KeyChain,
  pinned: readonly string[],
): Promise<CheckpointClaim[]> {
  const claims: CheckpointClaim[] = [];
  let previousSize = 0;
  for (const entry of await readStreamEntries(log, CHECKPOINTS_STREAM)) {
    const claim = claimOf(entry, origin, { chain, pinned }, previousSize);
    if (claim.problem === null) previousSize = Math.max(previousSize, claim.treeSize);
    claims.push(claim);
  }
  return claims;
}

/** The chain whose keys verify signatures, and the auditor's pins (named when none of them is in the chain). */
interface Trust {
  readonly chain: KeyChain;
  readonly pinned: readonly string[];
}

function claimOf(
  entry: StreamEntry,
  origin: string | null,
  trust: Trust,
  previousSize: number,
): CheckpointClaim {
  if (entry.undecodable !== undefined) {
    const { stream, revision, position, field } = entry.undecodable;
    const where = { stream, revision, position };
    const problem = malformed(`checkpoint event ${field} is not JSON`, where, field);
    return { ...where, hash: '', treeSize: -1, rootHash: '', timestamp: -1, note: '', problem };
  }
  const { event } = entry;
  const where = { stream: event.stream, revision: event.revision, position: event.position };
  const base = { position: event.position, revision: event.revision, hash: event.hash };
  const reading = event.type === 'CheckpointSigned' ? readCheckpointData(event.data) : undefined;
  if (reading?.data === undefined) {
    const { field, reason } = reading?.problem ?? {
      field: 'type',
      reason: `must be CheckpointSigned, is ${event.type}`,
    };
    const problem = malformed(`checkpoint ${field} ${reason}`, where, field);
    return { ...base, treeSize: -1, rootHash: '', timestamp: -1, note: '', problem };
  }
  const data = reading.data;
  const claim = {
    ...base,
    treeSize: data.treeSize,
    rootHash: data.rootHash,
    timestamp: data.timestamp,
    note: data.note,
  };
  return { ...claim, problem: signedProblem(data, where, origin, trust, previousSize) };
}

function signedProblem(
  data: CheckpointSignedData,
  where: { stream: string; revision: number; position: number },
  origin: string | null,
  { chain, pinned }: Trust,
  previousSize: number,
): VerificationFailure | null {
  let signed;
  try {
    signed = openCheckpoint(data.note, trustedKeys(chain));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    if (isCheckpointError(error)) {
      // The signature verified; the signed text is not a checkpoint body.
      return {
        code: 'CHECKPOINT_MALFORMED',
        message: `signed note is not a checkpoint: ${error.message}`,
        ...where,
        actual: code,
      };
    }
    return {
      code: 'CHECKPOINT_SIGNATURE_INVALID',
      message: `checkpoint note does not verify with a trusted key (${code})`,
      ...where,
      expected: chain.trust === 'none' ? [...pinned] : chain.keys.map((key) => key.verifierKey),
      actual: code,
    };
  }
  const stored = {
    origin: data.origin,
    treeSize: data.treeSize,
    rootHash: data.rootHash,
    timestamp: data.timestamp,
  };
  const note = { ...signed, rootHash: signed.rootHash.toString('hex') };
  if (JSON.stringify(stored) !== JSON.stringify(note)) {
    return {
      code: 'CHECKPOINT_MALFORMED',
      message: 'stored checkpoint fields differ from its signed note',
      ...where,
      expected: note,
      actual: stored,
    };
  }
  if (signed.origin !== origin) {
    return {
      code: 'CHECKPOINT_MALFORMED',
      message: 'checkpoint signed for another origin',
      ...where,
      expected: origin,
      actual: signed.origin,
    };
  }
  const signer = checkpointSignerFailure(chain, data.note, signed.treeSize);
  if (signer !== null) return { ...signer, ...where };
  if (signed.treeSize > where.position) {
    return {
      code: 'CHECKPOINT_BEYOND_LOG',
      message: 'checkpoint covers events that follow it',
      ...where,
      expected: `<= ${where.position}`,
      actual: signed.treeSize,
    };
  }
  if (signed.treeSize < previousSize) {
    return {
      code: 'CHECKPOINT_INCONSISTENT',
      message: 'checkpoint tree shrank since the previous checkpoint',
      ...where,
      expected: `>= ${previousSize}`,
      actual: signed.treeSize,
    };
  }
  return null;
}

function malformed(
  message: string,
  where: { stream: string; revision: number; position: number },
  field: string,
): VerificationFailure {
  return { code: 'CHECKPOINT_MALFORMED', message, ...where, actual: field };
}
