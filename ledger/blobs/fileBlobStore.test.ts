import { mkdtempSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileBlobStore } from './fileBlobStore.js';
import { describeBlobStoreContract } from './testing/blobStoreContract.js';

const roots: string[] = [];
function freshRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'mir-blobs-'));
  roots.push(root);
  return join(root, 'blobs');
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describeBlobStoreContract('files', (options) => Promise.resolve(new FileBlobStore(freshRoot(), options)));

describe('FileBlobStore on disk', () => {
  it('given a stored blob, then it is sha256/<2 hex>/<62 hex>, read-only, in owner-only folders', async () => {
    const root = freshRoot();
    const store = new FileBlobStore(root);
    const { digest } = await store.put(new TextEncoder().encode('on disk'));
    const hex = digest.slice('sha256:'.length);
    const path = join(root, 'sha256', hex.slice(0, 2), hex.slice(2));
    expect(store.pathOf(digest)).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o400);
    expect(statSync(join(root, 'sha256', hex.slice(0, 2))).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'sha256')).mode & 0o777).toBe(0o700);
  });

  it('given a blob file changed on disk, when got, then STORAGE_CORRUPT naming both digests', async () => {
    const store = new FileBlobStore(freshRoot());
    const { digest } = await store.put(new TextEncoder().encode('original'));
    chmodSync(store.pathOf(digest), 0o600);
    writeFileSync(store.pathOf(digest), 'tampered');
    await expect(store.get(digest)).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { expected: digest },
    });
  });
});
