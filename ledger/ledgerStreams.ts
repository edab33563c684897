import type { Actor, EventMeta, JsonObject, NewEvent } from '../domain/index.js';
import { SYSTEM_TENANT } from '../domain/index.js';

/**
 * The ledger's own streams. `ledger` holds the genesis event (its origin), `keys` the checkpoint signing keys,
 * `checkpoints` the signed tree heads. They are ordinary events: hashed, chained and covered by later trees.
 */
export const LEDGER_STREAM = 'ledger';
export const KEYS_STREAM = 'keys';
export const CHECKPOINTS_STREAM = 'checkpoints';
/**
 * What the witnesses the server is configured with said about its checkpoints: `CheckpointCosigned` (a verified
 * C2SP cosignature) and `CheckpointWitnessRefused` (a witness's refusal, recorded when its answer changes). Its
 * events alone never make the checkpointer sign: a cosignature is covered by the next checkpoint other events
 * cause, so cosigning a checkpoint does not cause another one to cosign.
 */
export const WITNESSES_STREAM = 'witnesses';

export const LEDGER_FORMAT_NAME = 'mir-ledger-v1';

/** Data of `LedgerInitialized`, the first event of every ledger. */
export interface LedgerInitializedData {
  readonly origin: string;
  readonly format: string;
  readonly eventHash: string;
  readonly merkleTree: string;
}

/** Data of `SigningKeyRegistered`: a key whose signatures on checkpoints count. */
export interface SigningKeyRegisteredData {
  readonly keyName: string;
  /** C2SP note verifier key: `<name>+<key id hex>+<base64(0x01 ‖ public key)>`. */
  readonly verifierKey: string;
}

/**
 * Data of `SigningKeyRotated`: the checkpoint key changes. `note` is the rotation statement (a C2SP signed note
 * signed by the retired and the introduced key; its body is spelled out in `ledger/portable/keyChain.ts`); the
 * other fields repeat what it says, for queries, and verification requires them equal to it.
 */
export interface SigningKeyRotatedData {
  readonly note: string;
  /** C2SP verifier key of the retired key (the chain's current key until this event). */
  readonly retiredKey: string;
  /** C2SP verifier key of the introduced key. */
  readonly introducedKey: string;
  /** Largest tree size the retired key may sign; the introduced key signs only larger trees. */
  readonly retireAfter: number;
}

/** Data of `CheckpointSigned`: the signed note and, for queries, its parsed fields. */
export interface CheckpointSignedData {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly note: string;
  /**
   * RFC 9162 consistency proof (lowercase hex nodes) from the tree of the stream's previous checkpoint to this one,
   * so that the store can check, inside the append, that this checkpoint extends it. Absent on the first
   * checkpoint, and on checkpoints written before stores checked it.
   */
  readonly consistencyProof?: readonly string[];
}

/** Data of `CheckpointCosigned`: a witness's cosignature of the checkpoint of this tree size and root, verified. */
export interface CheckpointCosignedData {
  readonly treeSize: number;
  /** Lowercase hex of the 32-byte root, as in CheckpointSignedData. */
  readonly rootHash: string;
  /** The witness's C2SP verifier key (`<name>+<key id>+base64(0x04 ‖ public key)`). */
  readonly witness: string;
  /** The cosignature line as the witness returned it, without its final newline: `— <name> <base64>`. */
  readonly cosignature: string;
  /** When the witness cosigned, POSIX seconds (the line's own timestamp). */
  readonly timestamp: number;
}

/** Data of `CheckpointWitnessRefused`: a witness declined the checkpoint (recorded when its answer changes). */
export interface CheckpointWitnessRefusedData {
  /** The witness's C2SP verifier key. */
  readonly witness: string;
  readonly url: string;
  readonly treeSize: number;
  readonly rootHash: string;
  /** The witness's HTTP status (409, 422, 403, 404, 400, ...; 200 when its cosignature did not verify). */
  readonly status: number;
  readonly reason: string;
  /** The size the witness last said it cosigned (its 409 answers), sent as `old`: 0 until it said one. */
  readonly witnessSize: number;
}

/** The ledger's own events are the system tenant's (the one tenant no API key is issued for). */
export { SYSTEM_TENANT };

export function systemMeta(actorId: string, occurredAtMs: number, correlationId: string): EventMeta {
  const actor: Actor = { kind: 'system', id: actorId };
  return {
    tenant: SYSTEM_TENANT,
    actor,
    correlationId,
    causationId: correlationId,
    occurredAt: new Date(occurredAtMs).toISOString(),
  };
}

/**
 * An event the ledger writes about itself (genesis, keys, checkpoints), caused by a system actor. `id` doubles as
 * correlation and causation id: nothing outside the ledger caused it.
 */
export function systemEvent(
  type: string,
  data: JsonObject,
  actorId: string,
  occurredAtMs: number,
  id: string,
): NewEvent {
  return { id, type, schemaVersion: 1, data, meta: systemMeta(actorId, occurredAtMs, id) };
}
