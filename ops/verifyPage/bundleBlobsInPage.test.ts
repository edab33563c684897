import { describe, expect, it } from 'vitest';
import { createMemoryEventLog, MemoryBlobStore } from '../../ledger/index.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { testEvent } from '../../ledger/testing/testEvents.js';
import { evidenceExporter } from '../../projections/index.js';
import { browserCrypto } from './page/browserCrypto.js';
import { verifyInPage } from './page/verifyInPage.js';

const RUN_ID = '0194f3a0-0000-7000-8000-0000000000c1';

// The page's verifier on WebCrypto (Node has the browser's API): the blob checks run there as in `mir verify-bundle`.
describe('the /verify page checks the blobs a bundle carries', () => {
  it('given a bundle whose event names a blob, then it verifies; with one blob byte changed, the blob is named', async () => {
    const ledger = await openTestLedger({ log: createMemoryEventLog() });
    const blobs = new MemoryBlobStore();
    const response = await blobs.put(new TextEncoder().encode('the whole response'));
    const event = testEvent({ data: { responseBlob: { ...response } } });
    await ledger.log.append(`run-${RUN_ID}`, [event], 'no_stream');
    await ledger.checkpointNow();
    const exported = await evidenceExporter({ log: ledger.log, tree: ledger.tree, blobs }).runBundle(
      RUN_ID,
      null,
    );
    const content = exported!.content;
    const input = (text: string) => ({
      bundle: new TextEncoder().encode(text),
      pinnedKeys: [ledger.verifierKey],
      trustedCheckpoint: undefined,
      witnessKeys: [],
      minWitnesses: undefined,
    });
    expect((await verifyInPage(input(content), browserCrypto)).ok).toBe(true);

    const encoded = Buffer.from('the whole response').toString('base64');
    const tampered = content.replace(encoded, Buffer.from('The whole response').toString('base64'));
    expect(tampered).not.toBe(content);
    const report = await verifyInPage(input(tampered), browserCrypto);
    expect(report.failure).toMatchObject({ code: 'BLOB_HASH_MISMATCH', expected: response.digest });
    await ledger.close();
  });
});
