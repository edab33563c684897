import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Clock, EventLog, IdGenerator } from '../../domain/index.js';
import { uuidV8FromKey } from '../encoding/keyedUuid.js';
import { createNodeEd25519Signer } from '../keys/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { openLedger } from '../ledgerService.js';
import type { Ledger } from '../ledgerService.js';
import { createMemoryMerkleNodeStore } from '../merkle/index.js';
import type { MerkleNodeStore } from '../merkle/index.js';

export const testIds: IdGenerator = { newId: () => uuidv7(), fromKey: (key) => uuidV8FromKey(key) };

/** A clock that starts at a fixed instant and moves only when told. */
export function manualClock(start = Date.UTC(2026, 10, 23, 12)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export function newSigner(): Ed25519Signer {
  return createNodeEd25519Signer(randomBytes(32));
}

export interface TestLedgerOptions {
  readonly log: EventLog;
  readonly nodes?: MerkleNodeStore;
  readonly signer?: Ed25519Signer;
  readonly everyEvents?: number;
  readonly everyMs?: number;
}

/** A ledger over `log` that never checkpoints on its own unless asked (huge interval), for deterministic tests. */
export function openTestLedger(options: TestLedgerOptions): Promise<Ledger> {
  return openLedger({
    log: options.log,
    nodes: options.nodes ?? createMemoryMerkleNodeStore(),
    signer: options.signer ?? newSigner(),
    clock: manualClock(),
    ids: testIds,
    checkpointEveryEvents: options.everyEvents ?? 1_000_000,
    checkpointEveryMs: options.everyMs ?? 3_600_000,
    onBackgroundError: (error) => {
      throw error;
    },
  });
}
