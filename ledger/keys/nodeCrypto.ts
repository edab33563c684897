import { hash } from 'node:crypto';
import { runSync } from '../portable/hashing.js';
import type { Steps, SyncCrypto } from '../portable/hashing.js';
import { verifyEd25519 } from './verifyEd25519.js';

/** Node's answers to portable verification steps: OpenSSL's SHA-256 and Ed25519 (see verifyEd25519). */
export const nodeCrypto: SyncCrypto = {
  sha256: (data) => hash('sha256', data, 'buffer'),
  verifyEd25519,
};

/** Runs portable steps synchronously on Node's crypto. */
export function runOnNode<T>(steps: Steps<T>): T {
  return runSync(steps, nodeCrypto);
}
