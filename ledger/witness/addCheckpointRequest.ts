import { decodeBase64Strict, fromUtf8 } from '../portable/bytes.js';
import { WitnessError } from './witnessErrors.js';

/** Most consistency proof lines a request may carry (C2SP tlog-witness: clients MUST NOT send more than 63). */
export const MAX_PROOF_LINES = 63;
/** Largest request body read: a 64 KiB note, 63 proof lines of 45 bytes, the old line and slack. */
export const MAX_ADD_CHECKPOINT_BYTES = 72 * 1024;

/** A parsed `add-checkpoint` body; the checkpoint note is not verified yet. */
export interface AddCheckpointRequest {
  /** The size the client believes the witness last cosigned for this origin (0 when it never did). */
  readonly oldSize: number;
  /** RFC 6962 consistency proof from `oldSize` to the checkpoint's size: 32-byte hashes. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, signature lines included. */
  readonly note: string;
}

const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/**
 * Parses a C2SP tlog-witness `add-checkpoint` body, byte for byte:
 *
 *   "old " <size> "\n"                 ASCII decimal, no leading zeros ("0" when never cosigned)
 *   <base64 hash> "\n"                 zero to 63 consistency proof lines, standard padded base64 of 32 bytes
 *   "\n"                               an empty line
 *   <signed checkpoint note>           the rest of the body, signature lines included
 *
 * Nothing here checks signatures or the proof; a size beyond 2^53 - 1 is refused as malformed.
 *
 * @throws WitnessError `WITNESS_REQUEST_MALFORMED` (details: reason, and line where one applies).
 */
export function parseAddCheckpointRequest(body: Uint8Array): AddCheckpointRequest {
  if (body.length > MAX_ADD_CHECKPOINT_BYTES)
    throw malformed(`body is larger than ${MAX_ADD_CHECKPOINT_BYTES} bytes`);
  const text = fromUtf8(body);
  if (text === undefined) throw malformed('body is not valid UTF-8');
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw malformed('no empty line separates the old size and proof from the checkpoint');
  const header = text.slice(0, blank).split('\n');
  const [oldLine = '', ...proofLines] = header;
  if (!oldLine.startsWith('old ') || !DECIMAL.test(oldLine.slice(4)))
    throw malformed('first line is not "old <decimal size>"', 1, oldLine);
  const oldSize = Number(oldLine.slice(4));
  if (!Number.isSafeInteger(oldSize)) throw malformed('old size is beyond 2^53 - 1', 1, oldLine);
  if (proofLines.length > MAX_PROOF_LINES) throw malformed(`more than ${MAX_PROOF_LINES} proof lines`);
  const proof = proofLines.map((line, index) => {
    const hash = decodeBase64Strict(line);
    if (hash === undefined || hash.length !== 32)
      throw malformed('proof line is not canonical base64 of a 32-byte hash', index + 2, line);
    return hash;
  });
  return { oldSize, proof, note: text.slice(blank + 2) };
}

function malformed(reason: string, line?: number, value?: string): WitnessError {
  const where = line === undefined ? '' : ` (line ${line})`;
  return new WitnessError(
    'WITNESS_REQUEST_MALFORMED',
    `malformed add-checkpoint request${where}: ${reason}`,
    {
      reason,
      ...(line === undefined ? {} : { line }),
      ...(value === undefined ? {} : { value: value.slice(0, 120) }),
    },
  );
}
