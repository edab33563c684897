import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createNodeEd25519Signer, ED25519_SEED_LENGTH } from './ed25519Signer.js';
import type { Ed25519Signer } from './ed25519Signer.js';
import { formatMode, KeyError } from './keyErrors.js';
import {
  createOwnerOnlyFile,
  fsyncDirectory,
  ioError,
  OWNER_ONLY_FILE_MODE,
  readOwnerOnlyFile,
} from './ownerOnlyFile.js';
import {
  formatSigningKeyFile,
  MAX_SIGNING_KEY_FILE_BYTES,
  parseSigningKeyFile,
} from './signingKeyFileFormat.js';

/** File name of the checkpoint signing key inside `<dataDir>/keys/`. */
export const SIGNING_KEY_FILE_NAME = 'checkpoint.ed25519';

/** Mode the key file is created with and chmod-ed to; any group/world bit (0o077) makes the loader refuse it. */
export const SIGNING_KEY_FILE_MODE = OWNER_ONLY_FILE_MODE;
/** Mode a newly created keys directory is chmod-ed to. */
export const KEYS_DIR_MODE = 0o700;

/** Result of {@link loadOrCreateSigningKey}. */
export interface LoadedSigningKey {
  readonly signer: Ed25519Signer;
  /** True when this call generated the key (first start of a data directory). */
  readonly created: boolean;
  readonly path: string;
}

/** Path of the signing key file in `keysDir` (`fileName`: another key kept the same way, e.g. a witness's). */
export function signingKeyPath(keysDir: string, fileName = SIGNING_KEY_FILE_NAME): string {
  return join(keysDir, fileName);
}

/**
 * Loads the checkpoint signing key from `<keysDir>/checkpoint.ed25519` (or `<keysDir>/<fileName>`: the witness
 * keeps its own key the same way), generating it on first use.
 *
 * Creation: the directory is made with mode 0700 (chmod-ed to 0700 when this call made it); the file is opened with
 * exclusive create ('wx', mode 0600) so an existing file or symlink is never overwritten or followed, then
 * fchmod-ed to 0600 (the umask would otherwise decide), written, fsync-ed, and the directory fsync-ed so a key that
 * may sign a published checkpoint survives a crash. If the write fails the half-written file is removed; a file
 * left partial by a crash is refused as malformed on the next start, never silently replaced by a new key.
 *
 * @throws KeyError `KEY_DIR_PERMISSIONS_TOO_OPEN`, `KEY_FILE_SYMLINK`, `KEY_FILE_NOT_REGULAR`,
 *   `KEY_PERMISSIONS_TOO_OPEN`, `KEY_FILE_MALFORMED`, `KEY_FILE_IO` (see {@link loadSigningKey}).
 */
export function loadOrCreateSigningKey(keysDir: string, fileName = SIGNING_KEY_FILE_NAME): LoadedSigningKey {
  ensureKeysDir(keysDir);
  const path = signingKeyPath(keysDir, fileName);
  const existing = readKeyFileIfPresent(path);
  if (existing !== undefined) {
    return { signer: existing, created: false, path };
  }
  const created = createKeyFile(path);
  if (created !== undefined) {
    return { signer: created, created: true, path };
  }
  // Another process created the file between our read and our exclusive create: use theirs.
  return { signer: loadSigningKey(keysDir, fileName), created: false, path };
}

/**
 * Loads an existing signing key; never creates one.
 *
 * Refuses, with a KeyError: a missing file (`KEY_FILE_NOT_FOUND`), a symlink (`KEY_FILE_SYMLINK`, opened with
 * O_NOFOLLOW so there is no check-then-open race), anything but a regular file (`KEY_FILE_NOT_REGULAR`), a file
 * with any group/world permission bit (`KEY_PERMISSIONS_TOO_OPEN`, details: path, mode in octal), a layout error or
 * a public key line that does not match the seed (`KEY_FILE_MALFORMED`, content never echoed), a keys directory
 * writable by group/world (`KEY_DIR_PERMISSIONS_TOO_OPEN`), and file system failures (`KEY_FILE_IO`).
 */
export function loadSigningKey(keysDir: string, fileName = SIGNING_KEY_FILE_NAME): Ed25519Signer {
  checkKeysDir(keysDir);
  const path = signingKeyPath(keysDir, fileName);
  const signer = readKeyFileIfPresent(path);
  if (signer === undefined) {
    throw new KeyError('KEY_FILE_NOT_FOUND', `no signing key file at ${path}`, { path });
  }
  return signer;
}

/**
 * The 32-byte public key of the existing signing key, under the same checks as {@link loadSigningKey} (the file
 * holds the seed, so it deserves the same suspicion even when only the public half is wanted).
 */
export function readSigningPublicKey(keysDir: string): Uint8Array {
  return loadSigningKey(keysDir).publicKey;
}

/** Creates the keys directory (0700) when missing, and refuses one writable by group or others. */
export function ensureKeysDir(keysDir: string): void {
  let created: string | undefined;
  try {
    created = mkdirSync(keysDir, { recursive: true, mode: KEYS_DIR_MODE });
    if (created !== undefined) {
      chmodSync(keysDir, KEYS_DIR_MODE);
    }
  } catch (error) {
    throw ioError(keysDir, 'mkdir', error);
  }
  if (created !== undefined) {
    fsyncDirectory(dirname(keysDir));
  }
  checkKeysDir(keysDir);
}

function checkKeysDir(keysDir: string): void {
  let stats;
  try {
    stats = statSync(keysDir);
  } catch (error) {
    throw ioError(keysDir, 'stat', error);
  }
  if (!stats.isDirectory()) {
    throw new KeyError('KEY_FILE_IO', `keys directory ${keysDir} is not a directory`, {
      path: keysDir,
      operation: 'stat',
      errno: 'ENOTDIR',
    });
  }
  if ((stats.mode & 0o022) !== 0) {
    throw new KeyError(
      'KEY_DIR_PERMISSIONS_TOO_OPEN',
      `keys directory ${keysDir} is writable by group or others (mode ${formatMode(stats.mode)})`,
      { path: keysDir, mode: formatMode(stats.mode), forbiddenMask: formatMode(0o022) },
    );
  }
}

/**
 * Opens, checks and parses the key file at `path`; `undefined` when it does not exist. Same refusals as
 * {@link loadSigningKey}.
 */
export function readKeyFileIfPresent(path: string): Ed25519Signer | undefined {
  const content = readOwnerOnlyFile(path, MAX_SIGNING_KEY_FILE_BYTES);
  if (content === undefined) {
    return undefined;
  }
  try {
    return signerFromContent(content, path);
  } finally {
    content.fill(0);
  }
}

function signerFromContent(content: Buffer, path: string): Ed25519Signer {
  const { seed, publicKey } = parseSigningKeyFile(content, path);
  try {
    const signer = createNodeEd25519Signer(seed);
    if (!publicKey.equals(signer.publicKey)) {
      const reason = 'public key line does not match the seed';
      throw new KeyError('KEY_FILE_MALFORMED', `signing key file ${path} is malformed: ${reason}`, {
        path,
        reason,
      });
    }
    return signer;
  } finally {
    seed.fill(0);
  }
}

/**
 * Generates and durably writes a new key at `path` (exclusive create, 0600, fsync-ed with its directory);
 * `undefined` when something already exists there (the exclusive create lost).
 */
export function createKeyFile(path: string): Ed25519Signer | undefined {
  const seed = randomBytes(ED25519_SEED_LENGTH);
  const signer = createNodeEd25519Signer(seed);
  const content = Buffer.from(formatSigningKeyFile(seed, signer.publicKey), 'latin1');
  seed.fill(0);
  try {
    return createOwnerOnlyFile(path, content) ? signer : undefined;
  } finally {
    content.fill(0);
  }
}
