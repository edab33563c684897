import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/errors/mirError.js';
import { createNodeEd25519Signer } from './ed25519Signer.js';
import { isKeyError } from './keyErrors.js';
import type { KeyErrorCode } from './keyErrors.js';
import {
  loadOrCreateSigningKey,
  loadSigningKey,
  readSigningPublicKey,
  SIGNING_KEY_FILE_NAME,
  signingKeyPath,
} from './signingKeyFile.js';
import { formatSigningKeyFile } from './signingKeyFileFormat.js';
import { verifyEd25519 } from './verifyEd25519.js';

let dataDir: string;
let keysDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'mir-keys-'));
  keysDir = join(dataDir, 'keys');
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

function expectKeyError(action: () => unknown, code: KeyErrorCode): Readonly<Record<string, unknown>> {
  const error = thrown(action);
  expect(isKeyError(error)).toBe(true);
  expect(hasErrorCode(error, code) ? code : error).toBe(code);
  return isKeyError(error) ? error.details : {};
}

const modeOf = (path: string): number => statSync(path).mode & 0o7777;

/** Writes a key file the way an operator might restore one, with a chosen mode. */
function writeKeyFile(content: string | Buffer, mode = 0o600): string {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const path = signingKeyPath(keysDir);
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return path;
}

function validKeyFileText(seed: Uint8Array = randomBytes(32)): string {
  return formatSigningKeyFile(seed, createNodeEd25519Signer(seed).publicKey);
}

describe('loadOrCreateSigningKey', () => {
  it('given an empty data directory, when loading, then a 0600 key file is created in a 0700 keys directory', () => {
    const { signer, created, path } = loadOrCreateSigningKey(keysDir);

    expect(created).toBe(true);
    expect(path).toBe(join(keysDir, SIGNING_KEY_FILE_NAME));
    expect(modeOf(keysDir)).toBe(0o700);
    expect(modeOf(path)).toBe(0o600);
    const text = readFileSync(path, 'latin1');
    expect(text).toMatch(
      /^mir-signing-key v1 ed25519\nseed [A-Za-z0-9+/]{43}=\npublic-key [A-Za-z0-9+/]{43}=\n$/,
    );
    expect(text).toContain(`public-key ${Buffer.from(signer.publicKey).toString('base64')}\n`);
  });

  it('given a permissive umask, when creating the key, then the modes are still exactly 0700 and 0600', () => {
    const previous = process.umask(0);
    try {
      const { path } = loadOrCreateSigningKey(keysDir);
      expect(modeOf(keysDir)).toBe(0o700);
      expect(modeOf(path)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('given a restrictive umask, when creating the key, then the file is still chmod-ed to 0600', () => {
    const previous = process.umask(0o277);
    try {
      const { path } = loadOrCreateSigningKey(keysDir);
      expect(modeOf(path)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('given a created key, when loading again, then the same key is returned and not re-created', () => {
    const first = loadOrCreateSigningKey(keysDir);
    const second = loadOrCreateSigningKey(keysDir);
    const message = randomBytes(40);

    expect(second.created).toBe(false);
    expect(Buffer.from(second.signer.publicKey).equals(first.signer.publicKey)).toBe(true);
    expect(Buffer.from(second.signer.sign(message)).equals(first.signer.sign(message))).toBe(true);
    expect(verifyEd25519(first.signer.publicKey, message, second.signer.sign(message))).toBe(true);
  });

  it('given two fresh data directories, when creating keys, then the keys differ', () => {
    const other = join(dataDir, 'other', 'keys');
    const a = loadOrCreateSigningKey(keysDir).signer.publicKey;
    const b = loadOrCreateSigningKey(other).signer.publicKey;
    expect(Buffer.from(a).equals(b)).toBe(false);
  });

  it('given an existing owner-only keys directory (0755 is allowed too), when creating, then its mode is left alone', () => {
    mkdirSync(keysDir, { mode: 0o755 });
    chmodSync(keysDir, 0o755);
    loadOrCreateSigningKey(keysDir);
    expect(modeOf(keysDir)).toBe(0o755);
  });

  for (const mode of [0o640, 0o604, 0o644, 0o660, 0o606, 0o610, 0o601, 0o777]) {
    it(`given a key file with mode ${mode.toString(8)}, when loading, then KEY_PERMISSIONS_TOO_OPEN names path and mode`, () => {
      const path = writeKeyFile(validKeyFileText(), mode);
      const details = expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_PERMISSIONS_TOO_OPEN');
      expect(details).toMatchObject({ path, mode: `0o${mode.toString(8)}` });
      expect(modeOf(path)).toBe(mode);
    });
  }

  it('given an owner read-only key file (0400), when loading, then it is accepted', () => {
    writeKeyFile(validKeyFileText(), 0o400);
    expect(loadOrCreateSigningKey(keysDir).created).toBe(false);
  });

  it('given a keys directory writable by group, when loading, then KEY_DIR_PERMISSIONS_TOO_OPEN', () => {
    loadOrCreateSigningKey(keysDir);
    chmodSync(keysDir, 0o770);
    const details = expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_DIR_PERMISSIONS_TOO_OPEN');
    expect(details).toMatchObject({ path: keysDir, mode: '0o770' });
  });

  it('given the key path is a symlink to a valid key, when loading, then KEY_FILE_SYMLINK', () => {
    const elsewhere = join(dataDir, 'elsewhere.ed25519');
    writeFileSync(elsewhere, validKeyFileText(), { mode: 0o600 });
    mkdirSync(keysDir, { mode: 0o700 });
    symlinkSync(elsewhere, signingKeyPath(keysDir));
    expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_FILE_SYMLINK');
    expectKeyError(() => loadSigningKey(keysDir), 'KEY_FILE_SYMLINK');
  });

  it('given the key path is a dangling symlink, when loading, then KEY_FILE_SYMLINK and nothing is created through it', () => {
    const target = join(dataDir, 'planted-target');
    mkdirSync(keysDir, { mode: 0o700 });
    symlinkSync(target, signingKeyPath(keysDir));
    expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_FILE_SYMLINK');
    expect(() => lstatSync(target)).toThrow();
  });

  it('given a directory at the key path, when loading, then KEY_FILE_NOT_REGULAR', () => {
    mkdirSync(signingKeyPath(keysDir), { recursive: true, mode: 0o700 });
    chmodSync(keysDir, 0o700);
    expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_FILE_NOT_REGULAR');
  });

  it('given a FIFO at the key path, when loading, then KEY_FILE_NOT_REGULAR without blocking', () => {
    mkdirSync(keysDir, { mode: 0o700 });
    execFileSync('mkfifo', ['-m', '600', signingKeyPath(keysDir)]);
    expectKeyError(() => loadOrCreateSigningKey(keysDir), 'KEY_FILE_NOT_REGULAR');
  });
});

describe('malformed key files', () => {
  const seed = randomBytes(32);
  const good = validKeyFileText(seed);
  const seedBase64 = seed.toString('base64');
  const otherPublicKey = createNodeEd25519Signer(randomBytes(32)).publicKey;
  const cases: ReadonlyArray<readonly [string, string | Buffer]> = [
    ['an empty file', ''],
    ['a truncated file', good.slice(0, 60)],
    ['no final newline', good.slice(0, -1)],
    ['CRLF line endings', good.replaceAll('\n', '\r\n')],
    ['an extra line', `${good}# comment\n`],
    ['a trailing blank line', `${good}\n`],
    ['a different header', good.replace('v1', 'v2')],
    ['a seed of 31 bytes', good.replace(seedBase64, randomBytes(31).toString('base64'))],
    ['non-canonical base64', good.replace(seedBase64, `${seedBase64.slice(0, 42)}${nudge(seedBase64[42])}=`)],
    ['a space before the seed', good.replace('seed ', 'seed  ')],
    ['a public key of another seed', formatSigningKeyFile(seed, otherPublicKey)],
    ['an oversized file', Buffer.alloc(4096, 0x41)],
  ];

  for (const [description, content] of cases) {
    it(`given ${description}, when loading, then KEY_FILE_MALFORMED without echoing the content`, () => {
      const path = writeKeyFile(content);
      const error = thrown(() => loadOrCreateSigningKey(keysDir));
      expect(hasErrorCode(error, 'KEY_FILE_MALFORMED')).toBe(true);
      const rendered = `${String(error)} ${JSON.stringify(isKeyError(error) ? error.details : null)}`;
      expect(rendered).toContain(path);
      expect(rendered).not.toContain(seedBase64.slice(0, 12));
      expect(rendered).not.toContain(seed.toString('hex').slice(0, 12));
      expect(readFileSync(path).equals(Buffer.from(content))).toBe(true);
    });
  }
});

/**
 * Sets a padding bit in the last base64 character of 32 encoded bytes (its low 2 bits carry no data): lenient
 * decoders return the same bytes, but the text is no longer the canonical encoding.
 */
function nudge(character: string | undefined): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return alphabet[alphabet.indexOf(character ?? 'A') | 1] ?? 'B';
}

describe('loadSigningKey and readSigningPublicKey', () => {
  it('given no key file, when loading without create, then KEY_FILE_NOT_FOUND and nothing is created', () => {
    mkdirSync(keysDir, { mode: 0o700 });
    const details = expectKeyError(() => loadSigningKey(keysDir), 'KEY_FILE_NOT_FOUND');
    expect(details).toEqual({ path: signingKeyPath(keysDir) });
    expect(() => lstatSync(signingKeyPath(keysDir))).toThrow();
  });

  it('given a created key, when reading only the public key, then it matches the signer', () => {
    const { signer } = loadOrCreateSigningKey(keysDir);
    expect(Buffer.from(readSigningPublicKey(keysDir)).equals(signer.publicKey)).toBe(true);
    expect(Buffer.from(loadSigningKey(keysDir).publicKey).equals(signer.publicKey)).toBe(true);
  });

  it('given a world-readable key, when reading only the public key, then it is refused as well', () => {
    loadOrCreateSigningKey(keysDir);
    chmodSync(signingKeyPath(keysDir), 0o644);
    expectKeyError(() => readSigningPublicKey(keysDir), 'KEY_PERMISSIONS_TOO_OPEN');
  });
});
