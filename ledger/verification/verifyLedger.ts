import { setImmediate } from 'node:timers/promises';
import type { EventLog } from '../../domain/index.js';
import { CHECKPOINTS_STREAM, KEYS_STREAM, LEDGER_STREAM } from '../ledgerStreams.js';
import { parseVerifierKey } from '../checkpoints/note/index.js';
import type { KeyChainReading } from '../portable/keyChain.js';
import { readCheckpointClaims } from './checkpointClaims.js';
import type { CheckpointClaim } from './checkpointClaims.js';
import { EventScanner } from './eventScanner.js';
import { readGenesis } from './genesis.js';
import type { GenesisReading } from './genesis.js';
import { readKeyChain } from './keyTrust.js';
import { pinnedKeyFailure } from './pinnedKeys.js';
import { openTrusted, trustedFailure } from './trustedCheckpoint.js';
import type { CheckpointSummary, VerificationFailure, VerificationReport } from './verificationReport.js';

export interface VerifyLedgerOptions {
  /**
   * Verifier keys (C2SP format) the auditor pinned out of band: one of them in the ledger's key chain trusts the
   * whole chain (each rotation is signed by both keys); none in it trusts nothing. Without them, the chain the
   * ledger records counts.
   */
  readonly pinnedKeys?: readonly string[];
  /** A signed checkpoint the auditor saved earlier: the ledger must still contain exactly that tree. */
  readonly trustedCheckpoint?: string;
  /**
   * Verify only the prefix up to this global position (inclusive). Verification always starts at position 0: a
   * chain and a Merkle root can only be proven from the genesis.
   */
  readonly toPosition?: number;
  /** Called every few thousand events with (verified, total), for a progress bar. */
  readonly onProgress?: (verified: number, total: number) => void;
  /** Once aborted, verification stops before its next page of events and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const PAGE = 20_000;

/**
 * Recomputes every event hash, every stream chain, the Merkle root at every checkpoint, every checkpoint signature,
 * the key chain (every rotation statement) and that each checkpoint's signer may sign its tree size, that
 * checkpoints only grow, and (optionally) that the auditor's saved checkpoint is still a prefix of this ledger
 * and still in it, and that every pinned key signed at least one checkpoint. Reads only. Stops at the first failure,
 * in position order, and names it precisely; whatever the ledger holds (data that is not JSON, null, wrong types)
 * becomes a named failure, never a thrown error. A failure is reported, never repaired.
 */
export async function verifyLedger(
  log: EventLog,
  options: VerifyLedgerOptions = {},
): Promise<VerificationReport> {
  const head = await log.headPosition();
  const total = Math.min(
    head === null ? 0 : head + 1,
    (options.toPosition ?? Number.MAX_SAFE_INTEGER - 1) + 1,
  );
  const genesis = await readGenesis(log);
  const origin = genesis.origin;
  const pinnedKeys = options.pinnedKeys ?? [];
  const keyChain = await readKeyChain(log, pinnedKeys, total);
  const { chain } = keyChain;
  const claims = (await readCheckpointClaims(log, origin, chain, pinnedKeys)).filter(
    (claim) => claim.position < total,
  );
  const trusted =
    options.trustedCheckpoint === undefined
      ? undefined
      : openTrusted(options.trustedCheckpoint, chain, origin);
  const wanted = new Set(claims.filter((claim) => claim.problem === null).map((claim) => claim.treeSize));
  if (trusted !== undefined && 'treeSize' in trusted) wanted.add(trusted.treeSize);
  const scanner = new EventScanner(wanted);

  let failure = firstOf(
    firstOf(await scanAll(log, total, scanner, claims, options), genesisFailure(genesis, total)),
    chainFailure(keyChain, origin),
  );
  if (failure === null && scanner.size !== total) {
    failure = {
      code: 'POSITION_GAP',
      message: 'the log ends before its head position',
      position: scanner.size,
      expected: total,
      actual: scanner.size,
    };
  }
  let trustedSummary: CheckpointSummary | null = null;
  // A prefix shorter than the trusted checkpoint says nothing about truncation: only the whole ledger can.
  const checkTrusted =
    trusted !== undefined &&
    (options.toPosition === undefined || !('treeSize' in trusted) || trusted.treeSize <= total);
  const verified = claims.filter(
    (claim) =>
      claim.position < scanner.size &&
      scanner.roots.get(claim.treeSize) === claim.rootHash &&
      claim.problem === null,
  );
  if (failure === null && trusted !== undefined && checkTrusted) {
    if ('code' in trusted) failure = trusted;
    else {
      // Whether the checkpoint event itself is still there can only be judged on the whole ledger.
      failure = trustedFailure(trusted, scanner, options.toPosition === undefined ? verified : null);
      if (failure === null) trustedSummary = trusted;
    }
  }
  const pinned = pinnedKeys.length > 0;
  if (failure === null && pinned) {
    failure = pinnedKeyFailure(
      pinnedKeys.map((text) => parseVerifierKey(text.trim())),
      verified,
    );
  }
  const latest = verified.at(-1);
  return {
    ok: failure === null,
    failure,
    origin,
    eventsVerified: scanner.size,
    streams: scanner.streams,
    checkpointsVerified: verified.length,
    latestCheckpoint:
      latest === undefined
        ? null
        : { treeSize: latest.treeSize, rootHash: latest.rootHash, timestamp: latest.timestamp },
    uncoveredEvents: uncovered(scanner.size, latest?.treeSize ?? 0, claims),
    keySource: pinned ? 'pinned' : 'ledger',
    keys: chain.keys.map(({ verifierKey, introducedAfter, retiredAfter }) => ({
      verifierKey,
      introducedAfter,
      retiredAfter,
    })),
    trustedCheckpoint: trustedSummary,
  };
}

async function scanAll(
  log: EventLog,
  total: number,
  scanner: EventScanner,
  claims: readonly CheckpointClaim[],
  { onProgress, signal }: Pick<VerifyLedgerOptions, 'onProgress' | 'signal'>,
): Promise<VerificationFailure | null> {
  const claimsAt = new Map(claims.map((claim) => [claim.position, claim]));
  const claimsBySize = new Map<number, CheckpointClaim[]>();
  for (const claim of claims)
    claimsBySize.set(claim.treeSize, [...(claimsBySize.get(claim.treeSize) ?? []), claim]);
  for (let from = 0; from < total; from += PAGE) {
    signal?.throwIfAborted();
    const page = await log.readEncoded(from, Math.min(PAGE, total - from));
    for (const event of page) {
      if (!scanner.scan(event)) return scanner.failure;
      const sizeFailure = rootFailure(claimsBySize.get(scanner.size), scanner);
      if (sizeFailure !== null) return sizeFailure;
      if (event.stream === CHECKPOINTS_STREAM) {
        const claim = claimsAt.get(event.position);
        if (claim?.problem) return claim.problem;
        if (claim === undefined || claim.hash !== event.hash) {
          return {
            code: 'CHECKPOINT_MALFORMED',
            message: 'checkpoint event changed while being verified',
            stream: event.stream,
            revision: event.revision,
            position: event.position,
          };
        }
      }
    }
    if (onProgress !== undefined) {
      onProgress(scanner.size, total);
      // Let whoever listens on this thread (a subscription streaming the progress) run before the next page.
      await setImmediate();
    }
    if (page.length < Math.min(PAGE, total - from)) break;
  }
  return null;
}

function rootFailure(
  claims: readonly CheckpointClaim[] | undefined,
  scanner: EventScanner,
): VerificationFailure | null {
  for (const claim of claims ?? []) {
    // A checkpoint that failed its signature is reported at its own position, not judged by its root.
    if (claim.problem !== null) continue;
    const actual = scanner.roots.get(claim.treeSize);
    if (actual !== claim.rootHash) {
      return {
        code: 'CHECKPOINT_ROOT_MISMATCH',
        message: `events up to tree size ${claim.treeSize} do not hash to the signed root (history was changed, reordered or removed)`,
        stream: CHECKPOINTS_STREAM,
        revision: claim.revision,
        position: claim.position,
        expected: claim.rootHash,
        actual: actual ?? null,
      };
    }
  }
  return null;
}

/** The failure met first in position order (one without a position counts as last). */
function firstOf(a: VerificationFailure | null, b: VerificationFailure | null): VerificationFailure | null {
  if (a === null || b === null) return a ?? b;
  return (b.position ?? Infinity) < (a.position ?? Infinity) ? b : a;
}

/** The key chain's own failure, or KEY_ROTATION_INVALID when its keys are named after another origin. */
function chainFailure(
  { chain, failure }: KeyChainReading,
  origin: string | null,
): VerificationFailure | null {
  if (failure !== null || chain.origin === null || origin === null || chain.origin === origin) return failure;
  const [first] = chain.keys;
  return {
    code: 'KEY_ROTATION_INVALID',
    message: 'the checkpoint keys are named after another origin than the ledger’s',
    stream: KEYS_STREAM,
    revision: first?.revision ?? 0,
    position: first?.position ?? 0,
    expected: origin,
    actual: chain.origin,
  };
}

function genesisFailure(genesis: GenesisReading, total: number): VerificationFailure | null {
  if (total === 0) return null;
  if (genesis.failure !== null) return (genesis.failure.position ?? 0) < total ? genesis.failure : null;
  if (genesis.origin !== null) return null;
  return {
    code: 'GENESIS_INVALID',
    message: `the ${LEDGER_STREAM} stream does not open with a LedgerInitialized event naming the origin`,
    stream: LEDGER_STREAM,
    revision: 0,
  };
}

/** Events after the latest verified checkpoint, not counting later checkpoints (which no tree can cover yet). */
function uncovered(size: number, coveredSize: number, claims: readonly CheckpointClaim[]): number {
  return (
    size -
    coveredSize -
    claims.filter((claim) => claim.position >= coveredSize && claim.position < size).length
  );
}
