import { LedgerError } from '../domain/index.js';
import type { Clock, EventLog, IdGenerator } from '../domain/index.js';
import { Checkpointer } from './checkpoints/checkpointer.js';
import type { SignedCheckpoint } from './checkpoints/storedCheckpoint.js';
import type { CheckpointLease } from './checkpoints/checkpointLease.js';
import { eventLogLeafSource } from './checkpoints/eventLogLeafSource.js';
import { formatKeyId, formatVerifierKey, parseVerifierKey } from './checkpoints/note/index.js';
import { KeyError } from './keys/index.js';
import type { Ed25519Signer } from './keys/index.js';
import { KEYS_STREAM, LEDGER_FORMAT_NAME, LEDGER_STREAM, systemEvent } from './ledgerStreams.js';
import type { LedgerInitializedData, SigningKeyRegisteredData } from './ledgerStreams.js';
import { BufferedMerkleNodeStore, MerkleTreeReader } from './merkle/index.js';
import type { MerkleNodeStore } from './merkle/index.js';
import type { ChainedKey } from './portable/keyChain.js';
import { readKeyChain } from './verification/keyTrust.js';

export interface LedgerOptions {
  readonly log: EventLog;
  readonly nodes: MerkleNodeStore;
  readonly signer: Ed25519Signer;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Sign a checkpoint every this many events… Default 10,000. */
  readonly checkpointEveryEvents?: number;
  /** …or every this many ms while events are unsigned. Default 1000. */
  readonly checkpointEveryMs?: number;
  readonly onBackgroundError?: (error: unknown) => void;
  /** Where the Merkle tree is folded: a worker thread (default) or the calling thread. */
  readonly checkpointFolding?: 'worker' | 'in-thread';
  /**
   * Where several nodes share the log: the right to sign (see CheckpointLease). The ledger owns it from here on
   * and gives it up on close. Without one, this ledger's checkpointer always signs.
   */
  readonly checkpointLease?: CheckpointLease;
}

/** An open evidence ledger: the event log plus its Merkle tree, signed checkpoints and proofs. */
export interface Ledger {
  readonly log: EventLog;
  /** The log's identity, first line of every checkpoint and name of its signing key. */
  readonly origin: string;
  /** The C2SP verifier key of the current checkpoint key (the one this ledger signs with). */
  readonly verifierKey: string;
  /** Every checkpoint key the `keys` stream records, oldest first, with the tree sizes each may sign. */
  signingKeys(): Promise<readonly ChainedKey[]>;
  latestCheckpoint(): SignedCheckpoint | null;
  /** Folds in everything committed so far and signs it (if anything is unsigned); returns the latest checkpoint. */
  checkpointNow(): Promise<SignedCheckpoint | null>;
  /** RFC 9162 inclusion proof of the event at `position` in the tree of `treeSize` events. */
  inclusionProof(position: number, treeSize: number): Promise<Buffer[]>;
  /** RFC 9162 consistency proof between trees of `fromSize` and `toSize` events. */
  consistencyProof(fromSize: number, toSize: number): Promise<Buffer[]>;
  /** The Merkle tree over the log, for proofs beyond one event (evidence bundles); reads only. */
  readonly tree: MerkleTreeReader;
  /** Stops the checkpointer, then closes the log (draining in-flight appends). */
  close(): Promise<void>;
}

/**
 * Opens a ledger over an event log. A new ledger gets its genesis (`LedgerInitialized` with a fresh origin) and
 * its signing key registered (`SigningKeyRegistered`); on an existing one the signer must be the current key of
 * the `keys` stream's key chain, so a swapped key file is refused at start instead of producing checkpoints no
 * auditor can trust.
 *
 * @throws KeyError `SIGNING_KEY_RETIRED` when the signer is a key a rotation retired; LedgerError `STORAGE_CORRUPT`
 *   when the signer is not in the chain, or the `keys` stream does not form one (`mir verify` names the event).
 */
export async function openLedger(options: LedgerOptions): Promise<Ledger> {
  const { log, signer } = options;
  const origin = await loadOrInitialiseOrigin(options);
  const verifierKey = formatVerifierKey(origin, signer.publicKey);
  await ensureCurrentKey(options, origin, verifierKey);
  const nodes = new BufferedMerkleNodeStore(options.nodes);
  const checkpointer = await Checkpointer.start({
    log,
    nodes,
    signer,
    keyName: origin,
    origin,
    clock: options.clock,
    ids: options.ids,
    everyEvents: options.checkpointEveryEvents ?? 10_000,
    everyMs: options.checkpointEveryMs ?? 1000,
    onError: options.onBackgroundError ?? (() => {}),
    folding: options.checkpointFolding,
    lease: options.checkpointLease,
  });
  const reader = new MerkleTreeReader(eventLogLeafSource(log), nodes);
  const assertWithin = async (size: number) => {
    const head = await log.headPosition();
    const available = head === null ? 0 : head + 1;
    if (!Number.isSafeInteger(size) || size > available) {
      throw new LedgerError('INVALID_READ', `tree size ${size} exceeds the ${available} events in the log`, {
        field: 'treeSize',
        reason: `must be at most ${available}`,
      });
    }
  };
  return {
    log,
    origin,
    verifierKey,
    signingKeys: async () => (await readKeyChain(log)).chain.keys,
    latestCheckpoint: () => checkpointer.latest(),
    checkpointNow: () => checkpointer.checkpointNow(),
    inclusionProof: async (position, treeSize) => (
      await assertWithin(treeSize),
      reader.inclusionProof(position, treeSize)
    ),
    consistencyProof: async (fromSize, toSize) => (
      await assertWithin(toSize),
      reader.consistencyProof(fromSize, toSize)
    ),
    tree: reader,
    close: async () => {
      await checkpointer.close();
      await options.checkpointLease?.close();
      await nodes.flush();
      await log.close();
    },
  };
}

async function loadOrInitialiseOrigin({ log, clock, ids }: LedgerOptions): Promise<string> {
  const [genesis] = await log.readStream(LEDGER_STREAM, { maxCount: 1 });
  if (genesis !== undefined) return (genesis.data as unknown as LedgerInitializedData).origin;
  const id = ids.newId();
  const data: LedgerInitializedData = {
    origin: `mir.ledger/${id}`,
    format: LEDGER_FORMAT_NAME,
    eventHash: 'sha256-jcs-chained',
    merkleTree: 'rfc6962-sha256',
  };
  try {
    const genesis = systemEvent('LedgerInitialized', { ...data }, 'ledger', clock.now(), id);
    await log.append(LEDGER_STREAM, [genesis], 'no_stream');
    return data.origin;
  } catch {
    // Another process initialised it first (or the append failed): whatever is stored now is the truth.
    const [stored] = await log.readStream(LEDGER_STREAM, { maxCount: 1 });
    if (stored === undefined) throw new LedgerError('STORAGE_IO', 'could not initialise the ledger', {});
    return (stored.data as unknown as LedgerInitializedData).origin;
  }
}

async function ensureCurrentKey(
  { log, clock, ids }: LedgerOptions,
  origin: string,
  verifierKey: string,
): Promise<void> {
  const { chain, failure } = await readKeyChain(log);
  if (failure !== null) {
    const { stream, revision, position } = failure;
    throw new LedgerError('STORAGE_CORRUPT', `${failure.message}: run mir verify`, {
      stream,
      revision,
      position,
    });
  }
  const current = chain.keys.at(-1);
  if (current === undefined) {
    const id = ids.newId();
    const data: SigningKeyRegisteredData = { keyName: origin, verifierKey };
    const registration = systemEvent('SigningKeyRegistered', { ...data }, 'ledger', clock.now(), id);
    await log.append(KEYS_STREAM, [registration], 'no_stream');
    return;
  }
  const key = chain.keys.find((chained) => chained.verifierKey === verifierKey);
  if (key === undefined) {
    throw new LedgerError(
      'STORAGE_CORRUPT',
      'the signing key in keys/ is not registered in this ledger (was the key file replaced?)',
      { keyId: parseVerifierKey(verifierKey).keyId, registeredKeys: chain.keys.length },
    );
  }
  if (key.retiredAfter !== null) throw retired(key, current);
}

function retired(key: ChainedKey, current: ChainedKey): KeyError {
  const keyId = formatKeyId(key.key.keyId);
  const currentKeyId = formatKeyId(current.key.keyId);
  return new KeyError(
    'SIGNING_KEY_RETIRED',
    `the signing key in keys/ (key ID ${keyId}) was retired after tree size ${key.retiredAfter}: a retired key never signs again (the current key has key ID ${currentKeyId})`,
    { keyId, retiredAfter: key.retiredAfter, currentKeyId },
  );
}
