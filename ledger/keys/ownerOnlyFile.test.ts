import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOwnerOnlyFile, readOwnerOnlyFile } from './ownerOnlyFile.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mir-owner-only-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('createOwnerOnlyFile', () => {
  it('given a free path and a permissive umask, when creating, then the file is exactly 0600 with the content', () => {
    const path = join(dir, 'secret');
    const previous = process.umask(0);
    try {
      expect(createOwnerOnlyFile(path, Buffer.from('content\n'))).toBe(true);
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o7777).toBe(0o600);
    expect(readOwnerOnlyFile(path, 100)?.toString()).toBe('content\n');
  });

  it('given an existing file, when creating, then it returns false and leaves the file alone', () => {
    const path = join(dir, 'secret');
    writeFileSync(path, 'original', { mode: 0o600 });
    expect(createOwnerOnlyFile(path, Buffer.from('replacement'))).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('original');
  });

  it('given a dangling symlink, when creating, then it returns false and nothing is written through it', () => {
    const path = join(dir, 'secret');
    const target = join(dir, 'target');
    symlinkSync(target, path);
    expect(createOwnerOnlyFile(path, Buffer.from('x'))).toBe(false);
    expect(() => lstatSync(target)).toThrow();
  });
});

describe('readOwnerOnlyFile', () => {
  it('given no file, when reading, then undefined', () => {
    expect(readOwnerOnlyFile(join(dir, 'absent'), 100)).toBeUndefined();
  });

  it('given a file of exactly the cap, when reading, then it is returned; one byte more is KEY_FILE_MALFORMED', () => {
    const path = join(dir, 'secret');
    writeFileSync(path, Buffer.alloc(100, 0x61), { mode: 0o600 });
    expect(readOwnerOnlyFile(path, 100)?.length).toBe(100);
    expect(() => readOwnerOnlyFile(path, 99)).toThrow(
      expect.objectContaining({ code: 'KEY_FILE_MALFORMED' }),
    );
  });
});
