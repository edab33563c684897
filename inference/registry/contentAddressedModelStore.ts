import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileDurably } from '../../ledger/index.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Model files kept by the SHA-256 of their bytes (`<root>/<sha256>.onnx`), written once: temporary file, fsync,
 * rename, fsync of the folder, then read-only — so a file that exists is whole, and its name says what it must
 * hash to. Nothing here trusts the file later: the engine re-hashes the bytes it loads.
 */
export class ContentAddressedModelStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, `${sha256}.onnx`);
  }

  /** Stores `bytes` under their hash (nothing to do when already stored) and returns the hash. */
  put(bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (existsSync(target)) return sha256;
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    replaceFileDurably(target, bytes, { finalMode: 0o400 });
    return sha256;
  }
}
