import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createMemoryEventLog, verifyBundleOnNode } from '../../ledger/index.js';
import type { Ledger } from '../../ledger/index.js';
import { WitnessEvidenceRecorder } from '../../ledger/checkpoints/witnessEvidence.js';
import { createNodeEd25519Signer } from '../../ledger/keys/index.js';
import { runOnNode } from '../../ledger/keys/nodeCrypto.js';
import { cosignSteps, createWitnessKeySteps } from '../../ledger/portable/note/cosignature.js';
import { splitSignedNote } from '../../ledger/portable/note/signedNote.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { TEST_META, testEvent } from '../../ledger/testing/testEvents.js';
import { evidenceExporter } from './evidenceExporter.js';

const RUN_ID = '0194f3a0-0000-7000-8000-000000000001';

/** A ledger with a run's stream interleaved with another tenant's events, checkpointed. */
async function ledgerWithRun(runEvents = 3) {
  const ledger = await openTestLedger({ log: createMemoryEventLog() });
  for (let i = 0; i < runEvents; i++) {
    await ledger.log.append(
      `run-${RUN_ID}`,
      [testEvent({ data: { step: i } })],
      i === 0 ? 'no_stream' : i - 1,
    );
    await ledger.log.append(
      `other-${i}`,
      [testEvent({ meta: { ...TEST_META, tenant: 'globex' } })],
      'no_stream',
    );
  }
  const first = await ledger.checkpointNow();
  return { ledger, exporter: evidenceExporter({ log: ledger.log, tree: ledger.tree }), first };
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** A witness that cosigns the ledger's latest checkpoint, recorded as the server's witness client records it. */
async function cosignLatest(ledger: Ledger, name = 'witness.example/w1'): Promise<string> {
  const signer = createNodeEd25519Signer(randomBytes(32));
  const { verifierKey } = runOnNode(createWitnessKeySteps(name, signer.publicKey));
  const { checkpoint, note } = ledger.latestCheckpoint()!;
  const line = runOnNode(cosignSteps(splitSignedNote(note).text, name, signer, 1_800_000_000));
  await new WitnessEvidenceRecorder(ledger.log, manualClock(), testIds).recordCosigned({
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash.toString('hex'),
    witness: verifierKey,
    cosignature: line,
    timestamp: 1_800_000_000,
  });
  return verifierKey;
}

describe('evidence bundles of a run', () => {
  it('given a checkpointed run, when exported and verified with the pinned key, then it verifies', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    const bundle = await exporter.runBundle(RUN_ID, 'acme');
    const report = verifyBundleOnNode(bytes(bundle!.content), { publicKeys: [ledger.verifierKey] });
    expect(report.failure).toBeNull();
    expect(report.ok).toBe(true);
    expect(report.subject).toEqual({ kind: 'run', runId: RUN_ID, tenant: 'acme' });
    expect(report.timeline.filter((entry) => entry.stream === `run-${RUN_ID}`)).toHaveLength(3);
    expect(report.timeline.some((entry) => entry.stream.startsWith('other-'))).toBe(false);
    await ledger.close();
  });

  it('given the same run and checkpoint, when exported twice, then the bytes are the same', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    expect((await exporter.runBundle(RUN_ID, null))!.content).toBe(
      (await exporter.runBundle(RUN_ID, null))!.content,
    );
    await ledger.close();
  });

  it('given another tenant or an unknown run, then there is no bundle; given another key, it is not trusted', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    expect(await exporter.runBundle(RUN_ID, 'globex')).toBeNull();
    const other = await openTestLedger({ log: createMemoryEventLog() });
    const report = verifyBundleOnNode(bytes((await exporter.runBundle(RUN_ID, 'acme'))!.content), {
      publicKeys: [other.verifierKey],
    });
    expect(report.failure?.code).toBe('KEY_NOT_TRUSTED');
    await Promise.all([ledger.close(), other.close()]);
  });

  it('given a run event newer than every checkpoint, then export refuses with BUNDLE_NOT_CHECKPOINTED', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    await ledger.log.append(`run-${RUN_ID}`, [testEvent()], 2);
    await expect(exporter.runBundle(RUN_ID, 'acme')).rejects.toMatchObject({
      code: 'BUNDLE_NOT_CHECKPOINTED',
    });
    await ledger.close();
  });

  it('given every single byte of a small witnessed bundle changed, then verification fails every time', async () => {
    const { ledger, exporter } = await ledgerWithRun(1);
    await cosignLatest(ledger);
    const original = bytes((await exporter.runBundle(RUN_ID, 'acme'))!.content);
    expect(verifyBundleOnNode(original, { publicKeys: [ledger.verifierKey] }).witnesses).toHaveLength(1);
    const failures = new Map<string, number>();
    for (let at = 0; at < original.length; at++) {
      const tampered = Uint8Array.from(original);
      tampered[at] = (tampered[at] as number) ^ 0x01;
      const report = verifyBundleOnNode(tampered, { publicKeys: [ledger.verifierKey] });
      expect(report.ok, `byte ${at} changed and still verified`).toBe(false);
      const code = report.failure?.code as string;
      failures.set(code, (failures.get(code) ?? 0) + 1);
    }
    expect(failures.size).toBeGreaterThan(3);
    await ledger.close();
  });

  it('given an older checkpoint the auditor holds, then the bundle proves consistency from it', async () => {
    const { ledger, exporter, first } = await ledgerWithRun();
    await ledger.log.append('more', [testEvent()], 'no_stream');
    await ledger.checkpointNow();
    const since = first?.checkpoint.treeSize as number;
    const bundle = bytes((await exporter.runBundle(RUN_ID, 'acme', { since: [since] }))!.content);
    const trusted = { publicKeys: [ledger.verifierKey], trustedCheckpoint: first?.note as string };
    const report = verifyBundleOnNode(bundle, trusted);
    expect(report.failure).toBeNull();
    expect(report.trustedCheckpoint?.treeSize).toBe(since);
    const without = verifyBundleOnNode(bytes((await exporter.runBundle(RUN_ID, 'acme'))!.content), trusted);
    expect(without.failure?.code).toBe('TRUSTED_CHECKPOINT_NOT_COVERED');
    await ledger.close();
  });
});

describe('witnessed evidence bundles', () => {
  it('given a witness cosigned the checkpoint, then the bundle carries it and the auditor can require it', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    const witness = await cosignLatest(ledger);
    const bundle = bytes((await exporter.runBundle(RUN_ID, 'acme'))!.content);
    const pinned = verifyBundleOnNode(bundle, {
      publicKeys: [ledger.verifierKey],
      witnessKeys: [witness],
      minWitnesses: 1,
    });
    expect(pinned.failure).toBeNull();
    expect(pinned.witnesses).toEqual([
      expect.objectContaining({ name: 'witness.example/w1', verified: true }),
    ]);
    const stranger = runOnNode(createWitnessKeySteps('witness.example/w2', randomBytes(32))).verifierKey;
    const unknown = verifyBundleOnNode(bundle, { publicKeys: [ledger.verifierKey], witnessKeys: [stranger] });
    expect(unknown.failure).toMatchObject({ code: 'WITNESSES_TOO_FEW', expected: 1, actual: 0 });
    await ledger.close();
  });
});

describe('evidence bundles of a ledger range', () => {
  it('given a range and a tenant, then the tenant sees its events and the others by hash, and it verifies', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    const head = (await ledger.log.headPosition()) as number;
    const bundle = await exporter.rangeBundle({ tenant: 'acme', from: 0, to: head - 1 });
    const parsed = JSON.parse(bundle) as { events: { meta: { tenant: string } }[]; redacted: unknown[] };
    expect(parsed.events.every((event) => event.meta.tenant !== 'globex')).toBe(true);
    expect(parsed.redacted).toHaveLength(3);
    expect(verifyBundleOnNode(bytes(bundle), { publicKeys: [ledger.verifierKey] }).failure).toBeNull();
    const all = await exporter.rangeBundle({ tenant: null, from: 2, to: 5 });
    expect(verifyBundleOnNode(bytes(all), { publicKeys: [ledger.verifierKey] }).failure).toBeNull();
    await ledger.close();
  });

  it('given a range beyond the log or inverted, then export refuses with BUNDLE_RANGE_INVALID', async () => {
    const { ledger, exporter } = await ledgerWithRun();
    await expect(exporter.rangeBundle({ tenant: null, from: 0, to: 1_000 })).rejects.toMatchObject({
      code: 'BUNDLE_RANGE_INVALID',
    });
    await expect(exporter.rangeBundle({ tenant: null, from: 3, to: 2 })).rejects.toMatchObject({
      code: 'BUNDLE_RANGE_INVALID',
    });
    await ledger.close();
  });
});
