import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { formatMode, KeyError } from './keyErrors.js';

/** The only mode a secret file may have: read/write for its owner, nothing for group or others. */
export const OWNER_ONLY_FILE_MODE = 0o600;

/**
 * Reads a small secret file, or returns `undefined` when nothing exists at `path`. The caller owns the returned
 * buffer and should zero it once parsed.
 *
 * Opened with O_NOFOLLOW (a symlink is refused without a check-then-open race) and O_NONBLOCK (a FIFO planted at
 * the path cannot hang the caller), then checked on the open descriptor.
 *
 * @throws KeyError `KEY_FILE_SYMLINK`, `KEY_FILE_NOT_REGULAR`, `KEY_PERMISSIONS_TOO_OPEN` (any bit of 0o077; details:
 *   path, mode in octal), `KEY_FILE_MALFORMED` (more than `maxBytes`), `KEY_FILE_IO`.
 */
export function readOwnerOnlyFile(path: string, maxBytes: number): Buffer | undefined {
  const fd = openForReading(path);
  if (fd === undefined) {
    return undefined;
  }
  try {
    checkOpenedFile(fd, path);
    return readCapped(fd, path, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` holding `content`, durably, readable by its owner only. Returns false, writing nothing, when
 * something (file, directory, symlink, even a dangling one) already exists there.
 *
 * Exclusive create ('wx', mode 0600) never overwrites or follows; the fchmod to 0600 that follows makes the mode
 * exact whatever the umask. The file and its directory are fsync-ed. On a failed write the partial file is removed.
 *
 * @throws KeyError `KEY_FILE_IO`.
 */
export function createOwnerOnlyFile(path: string, content: Uint8Array): boolean {
  if (!writeExclusive(path, content)) {
    return false;
  }
  fsyncDirectory(dirname(path));
  return true;
}

function openForReading(path: string): number | undefined {
  // O_NONBLOCK: opening a FIFO planted at the path must not hang startup; fstat then refuses it.
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  try {
    return openSync(path, flags);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') {
      return undefined;
    }
    if (code === 'ELOOP') {
      throw new KeyError('KEY_FILE_SYMLINK', `key file ${path} is a symbolic link; refusing it`, {
        path,
      });
    }
    throw ioError(path, 'open', error);
  }
}

function checkOpenedFile(fd: number, path: string): void {
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    throw new KeyError('KEY_FILE_NOT_REGULAR', `key file ${path} is not a regular file`, { path });
  }
  if ((stats.mode & 0o077) !== 0) {
    const mode = formatMode(stats.mode);
    throw new KeyError(
      'KEY_PERMISSIONS_TOO_OPEN',
      `key file ${path} is accessible by group or others (mode ${mode}); run chmod 600 on it`,
      { path, mode, allowedMode: formatMode(OWNER_ONLY_FILE_MODE) },
    );
  }
}

/** Reads at most `maxBytes` + 1 bytes, so an oversized file is detected without reading it whole. */
function readCapped(fd: number, path: string, maxBytes: number): Buffer {
  const buffer = Buffer.alloc(maxBytes + 1);
  let length = 0;
  while (length < buffer.length) {
    const count = readSync(fd, buffer, length, buffer.length - length, null);
    if (count === 0) {
      break;
    }
    length += count;
  }
  const content = Buffer.from(buffer.subarray(0, length));
  buffer.fill(0);
  if (length > maxBytes) {
    content.fill(0);
    throw new KeyError('KEY_FILE_MALFORMED', `key file ${path} is malformed: file is too large`, {
      path,
      reason: `file is larger than ${maxBytes} bytes`,
    });
  }
  return content;
}

function writeExclusive(path: string, content: Uint8Array): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', OWNER_ONLY_FILE_MODE);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      return false;
    }
    throw ioError(path, 'create', error);
  }
  try {
    fchmodSync(fd, OWNER_ONLY_FILE_MODE);
    let offset = 0;
    while (offset < content.length) {
      offset += writeSync(fd, content, offset, content.length - offset);
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    removeAfterFailedWrite(path);
    throw ioError(path, 'write', error);
  }
  closeSync(fd);
  return true;
}

/** Best effort: the write error is what gets reported; a leftover partial file is refused as malformed anyway. */
function removeAfterFailedWrite(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // The original write failure is the error worth surfacing.
  }
}

/** Makes a directory entry change (new file or subdirectory) durable. */
export function fsyncDirectory(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw ioError(path, 'fsync', error);
  }
}

export function ioError(path: string, operation: string, error: unknown): KeyError {
  const errno = errnoCode(error) ?? 'UNKNOWN';
  return new KeyError(
    'KEY_FILE_IO',
    `cannot ${operation} ${path} (${errno})`,
    { path, operation, errno },
    error,
  );
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}
