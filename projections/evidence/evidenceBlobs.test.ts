import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobReference } from '../../domain/index.js';
import { canonicalJson, FileBlobStore, openSqliteEventLog, verifyBundleOnNode } from '../../ledger/index.js';
import type { Ledger } from '../../ledger/index.js';
import type { EvidenceBundle } from '../../ledger/portable/bundle/bundleFormat.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { testEvent } from '../../ledger/testing/testEvents.js';
import { evidenceExporter } from './evidenceExporter.js';

const RUN_ID = '0194f3a0-0000-7000-8000-0000000000b1';
const encode = (text: string) => new TextEncoder().encode(text);

/** A bundle re-serialised the way the exporter writes it (canonical JSON and a newline), after `change`. */
function rewritten(
  content: string,
  change: (bundle: { -readonly [K in keyof EvidenceBundle]: EvidenceBundle[K] }) => void,
) {
  const bundle = JSON.parse(content) as EvidenceBundle;
  change(bundle);
  return encode(`${canonicalJson(bundle)}\n`);
}

describe('evidence bundles carry the blobs their events name (real SQLite ledger, blob files)', () => {
  let root: string;
  let ledger: Ledger;
  let blobs: FileBlobStore;
  let prompt: BlobReference;
  let response: BlobReference;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'mir-evidence-blobs-'));
    ledger = await openTestLedger({ log: openSqliteEventLog(join(root, 'ledger.db')) });
    blobs = new FileBlobStore(join(root, 'blobs'));
    prompt = await blobs.putJson({ messages: [{ role: 'user', content: 'What is the tide at dawn?' }] });
    response = await blobs.put(encode('High, at 06:12.'));
    const stream = `run-${RUN_ID}`;
    await ledger.log.append(stream, [testEvent({ data: { step: 0 } })], 'no_stream');
    const completion = testEvent({
      type: 'CompletionCompleted',
      data: { promptBlob: { ...prompt }, responseBlob: { ...response } },
    });
    await ledger.log.append(stream, [completion], 0);
    await ledger.checkpointNow();
  });
  afterEach(async () => {
    await ledger.close();
    rmSync(root, { recursive: true, force: true });
  });

  const exportRun = async () =>
    (await evidenceExporter({ log: ledger.log, tree: ledger.tree, blobs }).runBundle(RUN_ID, 'acme'))!
      .content;
  const verify = (bytes: Uint8Array) => verifyBundleOnNode(bytes, { publicKeys: [ledger.verifierKey] });

  it('given a run whose event names two blobs, when exported, then both ride along by digest and it verifies', async () => {
    const content = await exportRun();
    const bundle = JSON.parse(content) as EvidenceBundle;
    expect(bundle.blobs?.map((blob) => blob.digest)).toEqual([prompt.digest, response.digest].sort());
    const carried = bundle.blobs?.find((blob) => blob.digest === response.digest);
    expect(Buffer.from(carried?.bytes ?? '', 'base64').toString()).toBe('High, at 06:12.');
    const report = verify(encode(content));
    expect(report.failure).toBeNull();
    expect(report.ok).toBe(true);
  });

  it('given a blob byte tampered with, when verified, then BLOB_HASH_MISMATCH names the blob', async () => {
    const tampered = rewritten(await exportRun(), (bundle) => {
      bundle.blobs = bundle.blobs?.map((blob) => {
        if (blob.digest !== response.digest) return blob;
        const bytes = Buffer.from(blob.bytes, 'base64');
        bytes[0] = bytes[0]! ^ 1;
        return { ...blob, bytes: bytes.toString('base64') };
      });
    });
    const report = verify(tampered);
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ code: 'BLOB_HASH_MISMATCH', expected: response.digest });
  });

  it('given a blob left out, when verified, then BLOB_MISSING names the blob and the event naming it', async () => {
    const content = await exportRun();
    const completion = (JSON.parse(content) as EvidenceBundle).events.find(
      (e) => e.type === 'CompletionCompleted',
    )!;
    const report = verify(
      rewritten(content, (bundle) => {
        bundle.blobs = bundle.blobs?.filter((blob) => blob.digest !== prompt.digest);
      }),
    );
    expect(report.failure).toMatchObject({
      code: 'BLOB_MISSING',
      expected: prompt.digest,
      position: completion.position,
    });
  });

  it('given blobs out of order, an empty list, or a stray blob whose bytes do not hash to its digest, then each is refused', async () => {
    const content = await exportRun();
    const codes = [
      (bundle: EvidenceBundle & { blobs?: EvidenceBundle['blobs'] }) => {
        (bundle as { blobs?: unknown }).blobs = [...(bundle.blobs ?? [])].reverse();
      },
      (bundle: EvidenceBundle) => {
        (bundle as { blobs?: unknown }).blobs = [];
      },
      (bundle: EvidenceBundle) => {
        const stray = { digest: `sha256:${'f'.repeat(64)}`, bytes: '' };
        (bundle as { blobs?: unknown }).blobs = [...(bundle.blobs ?? []), stray];
      },
    ].map((change) => verify(rewritten(content, change)).failure?.code);
    expect(codes).toEqual(['BUNDLE_MALFORMED', 'BUNDLE_MALFORMED', 'BLOB_HASH_MISMATCH']);
  });

  it('given a carried blob that hashes right but no event names, when verified, then BLOB_NOT_REFERENCED', async () => {
    const extra = Buffer.from('unvouched');
    const digest = `sha256:${(await new FileBlobStore(join(root, 'other')).put(extra)).digest.slice(7)}`;
    const report = verify(
      rewritten(await exportRun(), (bundle) => {
        const all = [...(bundle.blobs ?? []), { digest, bytes: extra.toString('base64') }];
        bundle.blobs = all.sort((a, b) => (a.digest < b.digest ? -1 : 1));
      }),
    );
    expect(report.failure).toMatchObject({ code: 'BLOB_NOT_REFERENCED', actual: digest });
  });

  it('given no blob store (or one without the blob), when exported, then BUNDLE_BLOB_MISSING', async () => {
    const bare = evidenceExporter({ log: ledger.log, tree: ledger.tree });
    await expect(bare.runBundle(RUN_ID, 'acme')).rejects.toMatchObject({ code: 'BUNDLE_BLOB_MISSING' });
    const empty = evidenceExporter({
      log: ledger.log,
      tree: ledger.tree,
      blobs: new FileBlobStore(join(root, 'x')),
    });
    await expect(empty.runBundle(RUN_ID, 'acme')).rejects.toMatchObject({
      code: 'BUNDLE_BLOB_MISSING',
      details: { digest: [prompt.digest, response.digest].sort()[0] },
    });
  });

  it('given a run that names no blob, when exported, then the bundle has no blobs member and verifies', async () => {
    const other = '0194f3a0-0000-7000-8000-0000000000b2';
    await ledger.log.append(`run-${other}`, [testEvent({ data: { step: 0 } })], 'no_stream');
    await ledger.checkpointNow();
    const content = (await evidenceExporter({ log: ledger.log, tree: ledger.tree, blobs }).runBundle(
      other,
      'acme',
    ))!.content;
    expect(content).not.toContain('"blobs"');
    expect(verify(encode(content)).ok).toBe(true);
  });
});
