import type { Clock } from '../../domain/index.js';
import { isCheckpointError, isNoteError, openNote, parseCheckpointBody } from '../checkpoints/note/index.js';
import type { Checkpoint, NoteVerifierKey } from '../checkpoints/note/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { runOnNode } from '../keys/nodeCrypto.js';
import { EMPTY_ROOT, isMerkleProofError, verifyConsistency } from '../merkle/index.js';
import { equalBytes } from '../portable/bytes.js';
import { cosignSteps, createWitnessKeySteps } from '../portable/note/cosignature.js';
import type { WitnessKey } from '../portable/note/cosignature.js';
import { parseAddCheckpointRequest } from './addCheckpointRequest.js';
import type { AddCheckpointRequest } from './addCheckpointRequest.js';
import { isWitnessError } from './witnessErrors.js';
import type { WitnessStateFile } from './witnessState.js';

export interface WitnessOptions {
  /** The witness's key name (C2SP: a schema-less URL is recommended). */
  readonly name: string;
  readonly signer: Ed25519Signer;
  /** The logs it witnesses: a log key's name is the origin of the checkpoints it signs (as MIR's are). */
  readonly logKeys: readonly NoteVerifierKey[];
  readonly state: WitnessStateFile;
  /** Cosignature timestamps are its time in whole seconds. */
  readonly clock: Clock;
}

/** An HTTP answer to `add-checkpoint`, and what it decided, for the log (never key material). */
export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
  readonly outcome: {
    readonly reason: string;
    readonly origin?: string;
    readonly oldSize?: number;
    readonly treeSize?: number;
  };
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * A C2SP tlog-witness: cosigns a checkpoint only when a configured log key signed it and a consistency proof
 * shows that it extends the latest checkpoint the witness cosigned for that origin, which it keeps durably.
 *
 * Checks, in the order of the spec: body grammar (400), origin known (404), a trusted signature verifies (403),
 * old size ≤ checkpoint size (400), old size = the size last cosigned (409 with that size, `text/x.tlog.size`),
 * the proof verifies (422) or, when the sizes are equal, the roots are too (409). Then the new head is written
 * (temporary file, fsync, rename) before the cosignature is returned (200).
 *
 * Serialisation: everything from reading the stored head to persisting the new one runs in one synchronous step,
 * so two requests (for one origin or several) can never interleave there: the race the spec describes, where a
 * smaller checkpoint's update lands after a larger one's, cannot happen.
 */
export class Witness {
  readonly name: string;
  readonly key: WitnessKey;
  /** The witness's C2SP verifier key (`<name>+<key id>+base64(0x04 ‖ public key)`), what clients configure. */
  readonly verifierKey: string;
  readonly #options: WitnessOptions;
  readonly #logKeys: ReadonlyMap<string, readonly NoteVerifierKey[]>;

  constructor(options: WitnessOptions) {
    this.#options = options;
    this.name = options.name;
    const { key, verifierKey } = runOnNode(createWitnessKeySteps(options.name, options.signer.publicKey));
    this.key = key;
    this.verifierKey = verifierKey;
    const byOrigin = new Map<string, NoteVerifierKey[]>();
    for (const logKey of options.logKeys)
      byOrigin.set(logKey.name, [...(byOrigin.get(logKey.name) ?? []), logKey]);
    this.#logKeys = byOrigin;
  }

  /** Origins of the logs this witness accepts. */
  get origins(): readonly string[] {
    return [...this.#logKeys.keys()];
  }

  /** Answers one `add-checkpoint` request body. Throws only when the state cannot be written (nothing cosigned). */
  addCheckpoint(body: Uint8Array): WitnessAnswer {
    const checked = this.#checkSubmission(body);
    if ('status' in checked) return checked;
    return this.#cosignIfConsistent(checked.request, checked.checkpoint, checked.text);
  }

  /** Grammar, origin and log signature: everything that does not depend on the stored state. */
  #checkSubmission(
    body: Uint8Array,
  ): WitnessAnswer | { request: AddCheckpointRequest; checkpoint: Checkpoint; text: string } {
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (error) {
      if (isWitnessError(error)) return answer(400, `${error.message}\n`, { reason: error.code });
      throw error;
    }
    const origin = request.note.slice(0, Math.max(0, request.note.indexOf('\n')));
    const keys = this.#logKeys.get(origin);
    if (keys === undefined) return answer(404, `unknown log origin\n`, { reason: 'unknown origin', origin });
    try {
      const { text } = openNote(request.note, keys);
      const checkpoint = parseCheckpointBody(text);
      if (request.oldSize > checkpoint.treeSize)
        return answer(400, 'old size is larger than the checkpoint size\n', {
          reason: 'old size above checkpoint size',
          origin,
          oldSize: request.oldSize,
          treeSize: checkpoint.treeSize,
        });
      return { request, checkpoint, text };
    } catch (error) {
      if (isNoteError(error) && (error.code === 'NOTE_UNVERIFIED' || error.code === 'NOTE_BAD_SIGNATURE'))
        return answer(403, 'no signature by a trusted log key verifies\n', { reason: error.code, origin });
      if (isNoteError(error) || isCheckpointError(error))
        return answer(400, `${error.message}\n`, { reason: error.code, origin });
      throw error;
    }
  }

  /** The one synchronous critical section: compare with the stored head, prove, persist, cosign. */
  #cosignIfConsistent(request: AddCheckpointRequest, checkpoint: Checkpoint, text: string): WitnessAnswer {
    const { state, clock, signer } = this.#options;
    const { origin, treeSize, rootHash } = checkpoint;
    const about = { origin, oldSize: request.oldSize, treeSize };
    const stored = state.head(origin);
    const storedSize = stored?.size ?? 0;
    if (request.oldSize !== storedSize)
      return {
        ...answer(409, `${storedSize}\n`, { ...about, reason: 'old size is not the cosigned size' }),
        contentType: 'text/x.tlog.size',
      };
    const refusal = this.#consistencyProblem(request, checkpoint, stored?.rootHash);
    if (refusal !== undefined)
      return answer(refusal.status, `${refusal.reason}\n`, { ...about, reason: refusal.reason });
    if (stored === undefined || stored.size !== treeSize) state.record(origin, { size: treeSize, rootHash });
    const timestamp = Math.floor(clock.now() / 1000);
    const line = runOnNode(cosignSteps(text, this.name, signer, timestamp));
    return answer(200, `${line}\n`, { ...about, reason: 'cosigned' });
  }

  #consistencyProblem(
    request: AddCheckpointRequest,
    checkpoint: Checkpoint,
    storedRoot: Uint8Array | undefined,
  ): { status: 409 | 422; reason: string } | undefined {
    const { oldSize, proof } = request;
    if (checkpoint.treeSize === 0 && !equalBytes(checkpoint.rootHash, EMPTY_ROOT))
      return { status: 422, reason: 'the root of the empty tree is SHA-256 of nothing' };
    if (oldSize === checkpoint.treeSize) {
      if (proof.length > 0) return { status: 422, reason: 'the proof between equal sizes must be empty' };
      if (storedRoot !== undefined && !equalBytes(storedRoot, checkpoint.rootHash))
        return { status: 409, reason: 'same size as the cosigned checkpoint, different root hash' };
      return undefined;
    }
    if (oldSize === 0)
      return proof.length === 0 ? undefined : { status: 422, reason: 'the proof from size 0 must be empty' };
    try {
      // 0 < oldSize = the stored size, so a stored root exists.
      verifyConsistency(oldSize, checkpoint.treeSize, proof, storedRoot!, checkpoint.rootHash);
      return undefined;
    } catch (error) {
      if (isMerkleProofError(error))
        return { status: 422, reason: `consistency proof does not verify (${error.code})` };
      throw error;
    }
  }
}

function answer(
  status: WitnessAnswer['status'],
  body: string,
  outcome: WitnessAnswer['outcome'],
): WitnessAnswer {
  return { status, contentType: TEXT, body, outcome };
}
