import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../../../../ledger/index.js';
import { TEST_META, testEvent } from '../../../../../ledger/testing/testEvents.js';
import { openTestLedger } from '../../../../../ledger/testing/testLedger.js';
import { evidenceExporter } from '../../../../../projections/index.js';
import { bundleBytes } from './evidenceBundle.js';
import { evidenceVerdict } from './evidenceVerdict.js';
import { trustedKeys } from './trustedKeys.js';
import { verifyEvidence } from './verifyEvidence.js';

const RUN_ID = '0194f3a0-0000-7000-8000-000000000001';

/** A real run bundle from an in-memory ledger, as the evidenceBundle query hands it out, and its ledger's key. */
async function servedBundle() {
  const ledger = await openTestLedger({ log: createMemoryEventLog() });
  for (let step = 0; step < 3; step++)
    await ledger.log.append(
      `run-${RUN_ID}`,
      [testEvent({ data: { step }, meta: TEST_META })],
      step === 0 ? 'no_stream' : step - 1,
    );
  await ledger.checkpointNow();
  const bundle = await evidenceExporter({ log: ledger.log, tree: ledger.tree }).runBundle(RUN_ID, null);
  const content = bundle!.content;
  await ledger.close();
  const served = {
    runId: RUN_ID,
    format: 'mir.evidence-bundle/v1',
    treeSize: 3,
    sha256: '',
    bytes: 0,
    content,
  };
  return { served, key: ledger.verifierKey };
}

// The console's in-page verification, run here on Node's WebCrypto (the API the browser has) with the /verify
// page's own verifier.
describe('verifyEvidence', () => {
  it('given a served bundle and the pinned key, then the bundle verified', async () => {
    const { served, key } = await servedBundle();
    const trusted = trustedKeys(`# pinned out of band\n${key}\n`, []);
    const report = await verifyEvidence(bundleBytes(served), trusted);
    expect(report.failure).toBeNull();
    const verdict = evidenceVerdict(report, trusted);
    expect(verdict.ok).toBe(true);
    expect(verdict.text).toBe(
      `Bundle verified: ${report.eventsVerified} event(s) against the signed checkpoint of tree size ${report.checkpoint?.treeSize}.`,
    );
    expect(report.timeline.filter((entry) => entry.stream === `run-${RUN_ID}`)).toHaveLength(3);
  });

  it('given one changed byte, then it is NOT verified and the failure is named', async () => {
    const { served, key } = await servedBundle();
    const tampered = { ...served, content: served.content.replace('"step":1', '"step":7') };
    const trusted = trustedKeys(key, []);
    const verdict = evidenceVerdict(await verifyEvidence(bundleBytes(tampered), trusted), trusted);
    expect(verdict.ok).toBe(false);
    expect(verdict.text).toMatch(/^Bundle NOT verified — EVENT_HASH_MISMATCH: /);
  });

  it("given no pasted key, then the server's key is used and the verdict says it is no trust anchor", async () => {
    const { served, key } = await servedBundle();
    const trusted = trustedKeys('  \n', [key]);
    expect(trusted.source).toBe('served');
    const verdict = evidenceVerdict(await verifyEvidence(bundleBytes(served), trusted), trusted);
    expect(verdict.ok).toBe(true);
    expect(verdict.trustNote).toContain('no trust anchor');
  });

  it('given a pasted key of another ledger, then the bundle is NOT verified, whatever the server serves', async () => {
    const { served, key } = await servedBundle();
    const other = await openTestLedger({ log: createMemoryEventLog() });
    const trusted = trustedKeys(other.verifierKey, [key]);
    const report = await verifyEvidence(bundleBytes(served), trusted);
    await other.close();
    expect(report.ok).toBe(false);
    expect(evidenceVerdict(report, trusted).text).toMatch(/^Bundle NOT verified — /);
  });
});
