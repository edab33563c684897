import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceFileDurably } from './durableFile.js';

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes a content-addressed file once: when `path` (named after the hash of `bytes`) exists there is nothing to
 * do; otherwise its folders are created owner-only (0700) and the file written durably (replaceFileDurably:
 * temporary file, fsync, rename, fsync of the folder) and left read-only (0400). So a file that exists is whole
 * and never changes. The one way MIR stores content-addressed files (model files, blobs); readers still re-hash.
 *
 * @returns whether this call wrote the file.
 * @throws DurableWriteError naming the step that failed.
 */
export function writeContentAddressedFile(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  replaceFileDurably(path, bytes, { finalMode: 0o400 });
  return true;
}
