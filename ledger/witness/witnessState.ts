import { readFileSync } from 'node:fs';
import { decodeBase64Strict, toBase64, utf8 } from '../portable/bytes.js';
import { replaceStateFile } from './stateFile.js';
import { WitnessError } from './witnessErrors.js';

/** First field of the state file; another value is refused, never rewritten. */
export const WITNESS_STATE_FORMAT = 'mir.witness-state/v1';
/** The state file's name inside the witness's state directory. */
export const WITNESS_STATE_FILE_NAME = 'state.json';

/** The latest checkpoint the witness cosigned for one log. */
export interface CosignedHead {
  readonly size: number;
  /** 32-byte RFC 6962 root hash. */
  readonly rootHash: Uint8Array;
}

/**
 * What the witness remembers, per log origin: the size and root of the latest checkpoint it cosigned. Stored as
 * one JSON file, `{"format":"mir.witness-state/v1","logs":{"<origin>":{"size":<n>,"rootHash":"<base64>"}}}`,
 * replaced durably (temporary file, fsync, rename, fsync of the folder) before any cosignature leaves.
 */
export class WitnessStateFile {
  readonly path: string;
  readonly #heads: Map<string, CosignedHead>;

  private constructor(path: string, heads: Map<string, CosignedHead>) {
    this.path = path;
    this.#heads = heads;
  }

  /**
   * Reads the state file, or starts empty when there is none.
   *
   * @throws WitnessError `WITNESS_STATE_MALFORMED` (details: path, reason) for a file that is not this format.
   */
  static load(path: string): WitnessStateFile {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new WitnessStateFile(path, new Map());
      const errno = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      throw new WitnessError('WITNESS_STATE_IO', `cannot read ${path} (${errno})`, {
        path,
        operation: 'read',
        errno,
      });
    }
    return new WitnessStateFile(path, parseState(text, path));
  }

  /** The latest cosigned head for `origin`, undefined when the witness never cosigned for it. */
  head(origin: string): CosignedHead | undefined {
    return this.#heads.get(origin);
  }

  /** Records `head` for `origin` durably; when this throws, the state (file and memory) is unchanged. */
  record(origin: string, head: CosignedHead): void {
    const next = new Map(this.#heads).set(origin, head);
    replaceStateFile(this.path, utf8(formatState(next)));
    this.#heads.set(origin, head);
  }
}

function formatState(heads: ReadonlyMap<string, CosignedHead>): string {
  const logs: Record<string, { size: number; rootHash: string }> = {};
  for (const [origin, head] of [...heads].sort(([a], [b]) => (a < b ? -1 : 1)))
    logs[origin] = { size: head.size, rootHash: toBase64(head.rootHash) };
  return `${JSON.stringify({ format: WITNESS_STATE_FORMAT, logs })}\n`;
}

function parseState(text: string, path: string): Map<string, CosignedHead> {
  const malformed = (reason: string) =>
    new WitnessError('WITNESS_STATE_MALFORMED', `witness state ${path} is unreadable: ${reason}`, {
      path,
      reason,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('not JSON');
  }
  const { format, logs } = (parsed ?? {}) as { format?: unknown; logs?: unknown };
  if (format !== WITNESS_STATE_FORMAT) throw malformed(`format is not ${WITNESS_STATE_FORMAT}`);
  if (typeof logs !== 'object' || logs === null || Array.isArray(logs))
    throw malformed('logs is not an object');
  const heads = new Map<string, CosignedHead>();
  for (const [origin, value] of Object.entries(logs)) {
    const { size, rootHash } = (value ?? {}) as { size?: unknown; rootHash?: unknown };
    const root = typeof rootHash === 'string' ? decodeBase64Strict(rootHash) : undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || root?.length !== 32)
      throw malformed(`log ${JSON.stringify(origin.slice(0, 120))} has no valid size and 32-byte root`);
    heads.set(origin, { size, rootHash: root });
  }
  return heads;
}
