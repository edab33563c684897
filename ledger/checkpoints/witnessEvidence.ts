import { hasErrorCode } from '../../domain/index.js';
import type { Clock, EventLog, IdGenerator, JsonObject } from '../../domain/index.js';
import { systemEvent, WITNESSES_STREAM } from '../ledgerStreams.js';
import type { CheckpointCosignedData, CheckpointWitnessRefusedData } from '../ledgerStreams.js';

/** Attempts of one append before giving up (each retry follows another writer's append to the stream). */
const MAX_ATTEMPTS = 5;

/**
 * Writes what witnesses said to the `witnesses` stream the way the ledger's own writers do: a system event
 * appended at the stream's expected revision (never `any`), re-reading the revision after another writer's
 * append. Appends are queued, so the clients of several witnesses never race each other in one process.
 */
export class WitnessEvidenceRecorder {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  #queue: Promise<unknown> = Promise.resolve();
  #revision: number | 'no_stream' | undefined;

  constructor(log: EventLog, clock: Clock, ids: IdGenerator) {
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
  }

  recordCosigned(data: CheckpointCosignedData): Promise<void> {
    return this.#enqueue('CheckpointCosigned', { ...data });
  }

  recordRefused(data: CheckpointWitnessRefusedData): Promise<void> {
    return this.#enqueue('CheckpointWitnessRefused', { ...data });
  }

  #enqueue(type: string, data: JsonObject): Promise<void> {
    const appended = this.#queue.then(() => this.#append(type, data));
    this.#queue = appended.catch(() => undefined);
    return appended;
  }

  async #append(type: string, data: JsonObject): Promise<void> {
    const event = systemEvent(type, data, 'witness-client', this.#clock.now(), this.#ids.newId());
    for (let attempt = 1; ; attempt++) {
      this.#revision ??= await this.#currentRevision();
      try {
        const result = await this.#log.append(WITNESSES_STREAM, [event], this.#revision);
        this.#revision = result.nextExpectedRevision;
        return;
      } catch (error) {
        this.#revision = undefined;
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION') || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async #currentRevision(): Promise<number | 'no_stream'> {
    const [last] = await this.#log.readStream(WITNESSES_STREAM, { direction: 'backwards', maxCount: 1 });
    return last === undefined ? 'no_stream' : last.revision;
  }
}

/** A recorded, verified cosignature of one checkpoint (the shape ledger/bundle's StoredCosignature reads). */
export interface RecordedCosignature {
  /** The witness's C2SP verifier key (`<name>+<key id>+base64(0x04 ‖ public key)`). */
  readonly witnessKey: string;
  /** The signature line, without its final newline; append it (and "\n") to the checkpoint note. */
  readonly line: string;
  /** When the witness cosigned, POSIX seconds. */
  readonly timestamp: number;
}

/** A recorded cosignature with the checkpoint it signs. */
export interface CheckpointCosignature extends RecordedCosignature {
  readonly treeSize: number;
  /** 64 lowercase hex digits, as in `CheckpointSignedData`. */
  readonly rootHash: string;
}

/**
 * Every cosignature the `witnesses` stream records, one per checkpoint and witness (the first recorded), in the
 * order they were recorded; records whose data is not of the expected types are skipped. One read of the stream
 * (one event per checkpoint and witness), so callers that need several checkpoints' cosignatures read it once.
 */
export async function recordedCosignatures(log: EventLog): Promise<CheckpointCosignature[]> {
  const found = new Map<string, CheckpointCosignature>();
  for (const event of await log.readStream(WITNESSES_STREAM)) {
    if (event.type !== 'CheckpointCosigned') continue;
    const data = event.data as Partial<Record<keyof CheckpointCosignedData, unknown>>;
    const { witness, cosignature, timestamp, treeSize, rootHash } = data;
    if (typeof witness !== 'string' || typeof cosignature !== 'string' || typeof timestamp !== 'number')
      continue;
    if (typeof treeSize !== 'number' || typeof rootHash !== 'string') continue;
    const key = `${treeSize}:${rootHash}:${witness}`;
    if (!found.has(key))
      found.set(key, { witnessKey: witness, line: cosignature, timestamp, treeSize, rootHash });
  }
  return [...found.values()];
}

/**
 * The cosignatures recorded for the checkpoint of `treeSize` and `rootHash` (64 lowercase hex digits, as in
 * `CheckpointSignedData`), one per witness (the first recorded), in the order they were recorded. Each was
 * verified with the witness key the server was configured with when it was recorded; a verifier checks them again
 * with the keys it trusts. Reads the whole `witnesses` stream (one event per checkpoint and witness). Fits
 * `BundleProofSources.cosignatures`: `(size, root) => cosignaturesFor(log, size, root)`.
 */
export async function cosignaturesFor(
  log: EventLog,
  treeSize: number,
  rootHash: string,
): Promise<RecordedCosignature[]> {
  return cosignaturesOf(await recordedCosignatures(log), treeSize, rootHash);
}

/** Of `recorded` (from `recordedCosignatures`), those of the checkpoint of `treeSize` and `rootHash`, in order. */
export function cosignaturesOf(
  recorded: readonly CheckpointCosignature[],
  treeSize: number,
  rootHash: string,
): RecordedCosignature[] {
  return recorded
    .filter((entry) => entry.treeSize === treeSize && entry.rootHash === rootHash)
    .map(({ witnessKey, line, timestamp }) => ({ witnessKey, line, timestamp }));
}
