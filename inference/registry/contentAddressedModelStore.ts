import { join } from 'node:path';
import { sha256Hex, writeContentAddressedFile } from '../../ledger/index.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Model files kept by the SHA-256 of their bytes (`<root>/<sha256>.onnx`), written once (writeContentAddressedFile:
 * durable, read-only) — so a file that exists is whole, and its name says what it must hash to. Nothing here
 * trusts the file later: the engine re-hashes the bytes it loads.
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
    writeContentAddressedFile(this.pathOf(sha256), bytes);
    return sha256;
  }
}
