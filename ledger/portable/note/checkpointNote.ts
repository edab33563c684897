import { decodeBase64Strict, toBase64 } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { CheckpointError } from './checkpointErrors.js';
import { keyNameProblem } from './keyName.js';
import { quote } from './noteErrors.js';
import { MAX_NOTE_BYTES, openNoteSteps, signNoteSteps } from './signedNote.js';
import type { NoteSigner } from './signedNote.js';
import type { NoteVerifierKey } from './verifierKey.js';

/** Length in bytes of an RFC 6962 (SHA-256) Merkle tree root. */
export const CHECKPOINT_ROOT_HASH_LENGTH = 32;

/** A signed statement about the ledger's Merkle tree: "at `timestamp`, the first `treeSize` leaves hash to root". */
export interface Checkpoint {
  /** Identity of the log; the signing key name SHOULD equal it (C2SP tlog-checkpoint). */
  readonly origin: string;
  /** Number of leaves, a safe non-negative integer. */
  readonly treeSize: number;
  /** RFC 6962 root hash of the first `treeSize` leaves: 32 bytes. */
  readonly rootHash: Uint8Array;
  /** Milliseconds since the Unix epoch when the checkpoint was taken: a safe non-negative integer. */
  readonly timestamp: number;
}

/** Decimal without leading zeros (except "0" itself), at most 16 digits: every safe integer fits. */
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;
const TIMESTAMP_PREFIX = 'timestamp ';

/**
 * Encodes the checkpoint as a C2SP tlog-checkpoint note text, exactly four lines, each ending with "\n":
 *
 *   line 1: origin                      non-empty, no Unicode space, no '+', no control character
 *   line 2: tree size                   ASCII decimal, no leading zeros ("0" for the empty tree)
 *   line 3: root hash                   standard padded base64 of the 32 bytes (44 characters)
 *   line 4: "timestamp " milliseconds   MIR's single extension line; same decimal rules as the tree size
 *
 * e.g. "mir.example/ledger\n1234\n<44 base64 chars>\ntimestamp 1700000000000\n". The origin rule is the spec's
 * SHOULD made a MUST, so an origin can always also serve as the key name. Extension lines are opaque to other
 * tlog verifiers, which still check the signature over all four lines.
 *
 * @throws CheckpointError `CHECKPOINT_INVALID` (details: field, reason, value).
 */
export function formatCheckpointBody(checkpoint: Checkpoint): string {
  const { origin, treeSize, rootHash, timestamp } = checkpoint;
  const originProblem = keyNameProblem(origin);
  if (originProblem !== undefined) {
    throw invalid('origin', originProblem.replace('key name', 'origin'), quote(origin));
  }
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw invalid('treeSize', 'tree size must be a safe non-negative integer', String(treeSize));
  }
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== CHECKPOINT_ROOT_HASH_LENGTH) {
    const length = rootHash instanceof Uint8Array ? rootHash.length : -1;
    throw invalid('rootHash', `root hash must be ${CHECKPOINT_ROOT_HASH_LENGTH} bytes`, `${length} bytes`);
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw invalid('timestamp', 'timestamp must be a safe non-negative integer', String(timestamp));
  }
  const rootBase64 = toBase64(rootHash);
  return `${origin}\n${treeSize}\n${rootBase64}\n${TIMESTAMP_PREFIX}${timestamp}\n`;
}

/**
 * Decodes a checkpoint note text produced by {@link formatCheckpointBody}, and nothing looser: exactly four
 * newline-terminated lines, no other extension line, no spaces, no CR, canonical base64, no leading zeros.
 * Call it on text whose signature was verified ({@link openCheckpoint} does both, in that order).
 *
 * @throws CheckpointError `CHECKPOINT_MALFORMED` (details: reason, line, value capped).
 */
export function parseCheckpointBody(text: string): Checkpoint {
  if (text.length > MAX_NOTE_BYTES) {
    throw malformed('checkpoint text is too large', 0, '');
  }
  if (!text.endsWith('\n')) {
    throw malformed('checkpoint text does not end with a newline', 0, text.slice(-20));
  }
  const lines = text.slice(0, -1).split('\n', 5);
  if (lines.length !== 4) {
    const found = lines.length > 4 ? 'more than 4 lines' : `${lines.length} lines`;
    throw malformed('expected exactly 4 lines: origin, tree size, root hash, timestamp', 0, found);
  }
  const [origin = '', size = '', root = '', timestampLine = ''] = lines;
  const originProblem = keyNameProblem(origin);
  if (originProblem !== undefined) {
    throw malformed(originProblem.replace('key name', 'origin'), 1, origin);
  }
  const treeSize = parseDecimal(size, 2, 'tree size');
  const rootHash = decodeBase64Strict(root);
  if (rootHash === undefined || rootHash.length !== CHECKPOINT_ROOT_HASH_LENGTH) {
    throw malformed('root hash is not canonical base64 of 32 bytes', 3, root);
  }
  if (!timestampLine.startsWith(TIMESTAMP_PREFIX)) {
    throw malformed('line 4 is not "timestamp <milliseconds>"', 4, timestampLine);
  }
  const timestamp = parseDecimal(timestampLine.slice(TIMESTAMP_PREFIX.length), 4, 'timestamp');
  return { origin, treeSize, rootHash, timestamp };
}

/**
 * Formats and signs a checkpoint: the full C2SP signed note (body, blank line, one signature line). Use the origin
 * as `keyName` unless there is a reason not to (tlog-checkpoint says the key name SHOULD match the origin).
 *
 * @throws CheckpointError `CHECKPOINT_INVALID`; NoteError `NOTE_KEY_NAME_INVALID`.
 */
export function* signCheckpointSteps(
  checkpoint: Checkpoint,
  keyName: string,
  signer: NoteSigner,
): Steps<string> {
  return yield* signNoteSteps(formatCheckpointBody(checkpoint), keyName, signer);
}

/**
 * Verifies a signed checkpoint note against trusted keys, then parses its body. Nothing is parsed from text a
 * trusted key has not signed.
 *
 * @throws NoteError (see openNote: `NOTE_UNVERIFIED`, `NOTE_BAD_SIGNATURE`, `NOTE_MALFORMED`, ...), then
 *   CheckpointError `CHECKPOINT_MALFORMED` for a signed body that is not a checkpoint.
 */
export function* openCheckpointSteps(
  note: string | Uint8Array,
  verifierKeys: readonly NoteVerifierKey[],
): Steps<Checkpoint> {
  const { text } = yield* openNoteSteps(note, verifierKeys);
  return parseCheckpointBody(text);
}

function parseDecimal(text: string, line: number, what: string): number {
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw malformed(`${what} is not a decimal safe integer without leading zeros`, line, text);
  }
  return value;
}

function malformed(reason: string, line: number, value: string): CheckpointError {
  const where = line === 0 ? '' : ` (line ${line})`;
  return new CheckpointError('CHECKPOINT_MALFORMED', `malformed checkpoint${where}: ${reason}`, {
    reason,
    line,
    value: quote(value),
  });
}

function invalid(field: string, reason: string, value: string): CheckpointError {
  return new CheckpointError('CHECKPOINT_INVALID', `invalid checkpoint ${field}: ${reason}`, {
    field,
    reason,
    value,
  });
}
