import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../../domain/index.js';
import type { BlobStore, JsonValue } from '../../../domain/index.js';
import { canonicalJson } from '../../portable/canonicalJson.js';
import { DEFAULT_MAX_BLOB_BYTES, type BlobStoreOptions } from '../blobBytes.js';

/** A fresh, empty store per case, configured with `options`. */
export type BlobStoreFactory = (options?: BlobStoreOptions) => Promise<BlobStore>;

const bytesOf = (text: string) => new TextEncoder().encode(text);
const sha256 = (data: Uint8Array | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/**
 * The behaviour every BlobStore adapter shares (the port's doc comment): content addressing by SHA-256, JSON as
 * its canonical form (so a JSON blob's digest is the `sha256Digester` digest of the value, recomputed here the
 * way ops/toolCalls/sha256Digester.ts does), idempotent and concurrent puts, copies out, and the size limit.
 */
export function describeBlobStoreContract(adapterName: string, createStore: BlobStoreFactory): void {
  describe(`BlobStore contract: ${adapterName}`, () => {
    it('given stored bytes, when got by their digest, then the same bytes and the sha256 of them', async () => {
      const store = await createStore();
      const bytes = bytesOf('the prompt, whole');
      const reference = await store.put(bytes);
      expect(reference).toEqual({ digest: sha256(bytes), size: bytes.byteLength });
      expect(await store.get(reference.digest)).toEqual(bytes);
    });

    it('given the empty blob, when stored and got, then it round-trips', async () => {
      const store = await createStore();
      const reference = await store.put(new Uint8Array(0));
      expect(reference.size).toBe(0);
      expect(await store.get(reference.digest)).toEqual(new Uint8Array(0));
    });

    it('given bytes stored twice, when put again, then the same reference and one blob', async () => {
      const store = await createStore();
      const first = await store.put(bytesOf('twice'));
      await expect(store.put(bytesOf('twice'))).resolves.toEqual(first);
      expect(await store.get(first.digest)).toEqual(bytesOf('twice'));
    });

    it('given a JSON value, when putJson, then the digest is the Digester digest of the value and bytes its canonical JSON', async () => {
      const store = await createStore();
      const value: JsonValue = { z: [1, 2.5, 'é'], a: { nested: true, n: null } };
      const reference = await store.putJson(value);
      expect(reference.digest).toBe(sha256(canonicalJson(value)));
      expect(new TextDecoder().decode((await store.get(reference.digest)) ?? undefined)).toBe(
        canonicalJson(value),
      );
      const reordered = await store.putJson({ a: { n: null, nested: true }, z: [1, 2.5, 'é'] });
      expect(reordered).toEqual(reference);
    });

    it('given unknown and malformed digests, when got, then null', async () => {
      const store = await createStore();
      await store.put(bytesOf('something'));
      const unknown = sha256('never stored');
      const malformed = [
        '',
        'sha256:',
        'sha256:XYZ',
        `sha1:${'a'.repeat(40)}`,
        `sha256:${'A'.repeat(64)}`,
        '../../etc/passwd',
      ];
      for (const digest of [unknown, ...malformed]) expect(await store.get(digest)).toBeNull();
    });

    it('given bytes got back, when changed by the caller, then the stored blob is not', async () => {
      const store = await createStore();
      const bytes = bytesOf('keep me');
      const { digest } = await store.put(bytes);
      bytes[0] = 0;
      const copy = await store.get(digest);
      expect(copy).toEqual(bytesOf('keep me'));
      copy?.fill(0);
      expect(await store.get(digest)).toEqual(bytesOf('keep me'));
    });

    it('given the same bytes put concurrently, when all settle, then each gets the same reference', async () => {
      const store = await createStore();
      const bytes = bytesOf('raced '.repeat(1000));
      const references = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
      expect(new Set(references.map((reference) => reference.digest)).size).toBe(1);
      expect(await store.get(sha256(bytes))).toEqual(bytes);
    });

    it('given a size limit, when a blob exceeds it, then BLOB_TOO_LARGE with limit and size, and nothing stored', async () => {
      const store = await createStore({ maxBytes: 16 });
      await expect(store.put(new Uint8Array(16))).resolves.toMatchObject({ size: 16 });
      const tooLarge = new Uint8Array(17).fill(1);
      const error: unknown = await store.put(tooLarge).catch((reason: unknown) => reason);
      expect(hasErrorCode(error, 'BLOB_TOO_LARGE')).toBe(true);
      expect((error as { details: unknown }).details).toEqual({ limit: 16, actual: 17 });
      expect(await store.get(sha256(tooLarge))).toBeNull();
      await expect(store.putJson('x'.repeat(20))).rejects.toMatchObject({ code: 'BLOB_TOO_LARGE' });
    });

    it('given the default limit, when a blob is one byte over 16 MiB, then BLOB_TOO_LARGE', async () => {
      const store = await createStore();
      expect(DEFAULT_MAX_BLOB_BYTES).toBe(16 * 1024 * 1024);
      await expect(store.put(new Uint8Array(DEFAULT_MAX_BLOB_BYTES + 1))).rejects.toMatchObject({
        code: 'BLOB_TOO_LARGE',
        details: { limit: DEFAULT_MAX_BLOB_BYTES, actual: DEFAULT_MAX_BLOB_BYTES + 1 },
      });
    });
  });
}
