import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalJson, formatVerifierKey } from '../../ledger/index.js';
import { listen } from '../server/listen.js';
import { buildVerifyPage } from './build/buildVerifyPage.js';
import { describeInChromium, launchChromium, openWatched, screenshot } from './testing/chromium.js';
import type { WatchedPage } from './testing/chromium.js';
import { exportRangeBundle, exportRunBundle } from './testing/runBundle.js';
import type { RunBundle } from './testing/runBundle.js';
import { verifyOnPage } from './testing/verifierPage.js';
import type { PageInput } from './testing/verifierPage.js';
import { pageOnlyServer } from '../server/testing/pageOnlyServer.js';

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

/** The bundle with `edit` applied to its parsed content, written back in canonical form (so only `edit` differs). */
function edited(bundle: Uint8Array, edit: (content: { [key: string]: Json }) => void): Uint8Array {
  const content = JSON.parse(Buffer.from(bundle).toString('utf8')) as { [key: string]: Json };
  edit(content);
  return new Uint8Array(Buffer.from(`${canonicalJson(content)}\n`, 'utf8'));
}

describeInChromium('the verifier page in headless Chromium', 180_000, () => {
  let dir: string;
  let pageUrl: string;
  let browser: Browser;
  let server: Server;
  let servedUrl: string;
  let good: RunBundle;
  let witnessed: RunBundle;
  let rotated: RunBundle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mir-verify-page-html-'));
    const pageFile = join(dir, 'verify.html');
    writeFileSync(pageFile, await buildVerifyPage());
    pageUrl = pathToFileURL(pageFile).href;
    [good, witnessed, rotated, browser] = await Promise.all([
      exportRunBundle(['looked up', 'decided']),
      exportRunBundle(['cosigned'], { witnessed: true }),
      exportRunBundle(['before the rotation'], { rotated: true }),
      launchChromium(),
    ]);
    server = pageOnlyServer(pageFile);
    servedUrl = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}/verify`;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
    for (const folder of [dir, good?.dataDir, witnessed?.dataDir, rotated?.dataDir])
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  /** Opens the page, verifies `input`, saves a screenshot; checks no request but the page and no console error. */
  async function verify(name: string, input: PageInput, url = pageUrl) {
    const watched: WatchedPage = await openWatched(browser, url);
    try {
      const outcome = await verifyOnPage(watched.page, input);
      await screenshot(watched.page, name);
      expect(watched.requests).toEqual([url]);
      expect(watched.errors).toEqual([]);
      return outcome;
    } finally {
      await watched.page.context().close();
    }
  }

  it('given a good run bundle and its pinned key file, from file://, then Verified: subject, checkpoint and every event on the timeline', async () => {
    const outcome = await verify('verified', { bundle: good.bytes, publicKeyFile: good.publicKeyFile });
    expect(outcome.verdict).toBe('verified');
    expect(outcome.failureCode).toBeNull();
    expect(outcome.summary).toContain(`run ${good.runId} (tenant acme)`);
    const events = (
      JSON.parse(Buffer.from(good.bytes).toString('utf8')) as {
        events: { position: number; type: string }[];
      }
    ).events;
    expect(outcome.timeline.map((row) => row.position)).toEqual(events.map((event) => event.position));
    expect(outcome.timeline.every((row) => !row.failing && row.cells[6] === '✓ verified')).toBe(true);
    expect(outcome.timeline.map((row) => row.cells[4])).toContain('RunCompleted');
  });

  it('given a checkpoint the auditor kept from mid-run, then Verified and consistent with it', async () => {
    const outcome = await verify('verified-trusted-checkpoint', {
      bundle: good.bytes,
      publicKey: good.verifierKey,
      trustedCheckpoint: good.earlierCheckpoint,
    });
    expect(outcome.verdict).toBe('verified');
    expect(outcome.summary).toMatch(
      /Consistent with your trusted checkpointtree size \d+, root [0-9a-f]{64}/,
    );
  });

  it('given a range bundle of one tenant, then Verified: the range as subject, the tenant events on the timeline', async () => {
    const bundle = await exportRangeBundle(good, { tenant: 'acme', from: 0, to: 5 });
    const outcome = await verify('verified-range', { bundle, publicKey: good.verifierKey });
    expect(outcome.verdict).toBe('verified');
    expect(outcome.summary).toContain('ledger positions 0 to 5 (tenant acme)');
    const positions = outcome.timeline.map((row) => row.position);
    expect(positions.every((position) => position >= 0 && position <= 5)).toBe(true);
    expect(positions).toEqual(expect.arrayContaining([2, 4, 5]));
    expect(outcome.timeline.every((row) => row.cells[6] === '✓ verified')).toBe(true);
  });

  it('given a bundle a real witness cosigned, with its key pinned, then Verified and the cosignature counts', async () => {
    const outcome = await verify('verified-witnessed', {
      bundle: witnessed.bytes,
      publicKey: witnessed.verifierKey,
      witnessKeys: [witnessed.witnessKey!],
      minWitnesses: 1,
    });
    expect(outcome.verdict).toBe('verified');
    expect(outcome.witnesses).toEqual([
      [
        witnessed.witnessKey!.split('+')[0]!,
        witnessed.witnessKey!,
        expect.any(String),
        '✓ pinned by you: counts',
      ],
    ]);
  });

  it('given two witness cosignatures required and one witness, then NOT verified: WITNESSES_TOO_FEW', async () => {
    const outcome = await verify('too-few-witnesses', {
      bundle: witnessed.bytes,
      publicKey: witnessed.verifierKey,
      witnessKeys: [witnessed.witnessKey!],
      minWitnesses: 2,
    });
    expect(outcome.verdict).toBe('not-verified');
    expect(outcome.failureCode).toBe('WITNESSES_TOO_FEW');
  });

  it('given a minimum of witnesses that is no whole number, then no verdict: an alert names the field', async () => {
    const outcome = await verify('bad-minimum', {
      bundle: good.bytes,
      publicKey: good.verifierKey,
      minWitnesses: 1.5,
    });
    expect(outcome.verdict).toBeNull();
    expect(outcome.inputError).toBe('minimum witnesses must be a whole number ≥ 0, not "1.5"');
    expect(outcome.invalidFields).toEqual(['min-witnesses']);
  });

  it('given the key rotated after the run and the retired key pinned, then Verified along the key chain', async () => {
    const outcome = await verify('verified-rotated-key', {
      bundle: rotated.bytes,
      publicKey: rotated.verifierKey,
    });
    expect(outcome.verdict).toBe('verified');
    expect(outcome.keys).toEqual([
      [rotated.verifierKey, expect.stringMatching(/^retired after tree size \d+$/), ''],
      [rotated.rotatedTo!, 'current', 'signed the checkpoint'],
    ]);
  });

  it('given the same bundle from /verify over HTTP, then it verifies the same, fetching nothing but the page', async () => {
    const outcome = await verify(
      'served-verified',
      { bundle: good.bytes, publicKey: good.verifierKey },
      servedUrl,
    );
    expect(outcome.verdict).toBe('verified');
    expect(outcome.summary).toContain(`run ${good.runId} (tenant acme)`);
  });

  it('given one event of the run changed, then NOT verified: EVENT_HASH_MISMATCH, that event marked on the timeline', async () => {
    let position = -1;
    const bundle = edited(good.bytes, (content) => {
      const events = content.events as { [key: string]: Json }[];
      const step = events.find((event) => event.type === 'StepRecorded')!;
      position = step.position as number;
      (step.data as { [key: string]: Json }).summary = 'decided otherwise';
    });
    const outcome = await verify('tampered-event', { bundle, publicKey: good.verifierKey });
    expect(outcome.verdict).toBe('not-verified');
    expect(outcome.failureCode).toBe('EVENT_HASH_MISMATCH');
    expect(outcome.timeline.filter((row) => row.failing).map((row) => row.position)).toEqual([position]);
  });

  it('given one node of the inclusion proof changed, then NOT verified: INCLUSION_PROOF_INVALID', async () => {
    const bundle = edited(good.bytes, (content) => {
      const inclusion = content.inclusion as string[];
      const node = inclusion[0]!;
      inclusion[0] = (node[0] === '0' ? '1' : '0') + node.slice(1);
    });
    const outcome = await verify('tampered-proof', { bundle, publicKey: good.verifierKey });
    expect(outcome.verdict).toBe('not-verified');
    expect(outcome.failureCode).toBe('INCLUSION_PROOF_INVALID');
  });

  it('given a key of the same name but other bytes than the ledger key, then NOT verified: the key is not trusted', async () => {
    const name = good.verifierKey.split('+')[0]!;
    const wrongKey = formatVerifierKey(name, new Uint8Array(randomBytes(32)));
    const outcome = await verify('wrong-key', { bundle: good.bytes, publicKey: wrongKey });
    expect(outcome.verdict).toBe('not-verified');
    expect(outcome.failureCode).toBe('KEY_NOT_TRUSTED');
  });

  it('given the bundle file cut in half, then NOT verified: BUNDLE_MALFORMED, nothing to show but the failure', async () => {
    const bundle = good.bytes.subarray(0, Math.floor(good.bytes.length / 2));
    const outcome = await verify('truncated', { bundle, publicKey: good.verifierKey });
    expect(outcome.verdict).toBe('not-verified');
    expect(outcome.failureCode).toBe('BUNDLE_MALFORMED');
    expect(outcome.timeline).toEqual([]);
  });

  it('given an event whose type is markup and script, then it shows as text: no element made, no script run, nothing fetched', async () => {
    const hostile = `<img src="${servedUrl}/pwned" onerror="window.pwned = 1"><script>window.pwned = 2</script>`;
    const bundle = edited(good.bytes, (content) => {
      const events = content.events as { [key: string]: Json }[];
      events.find((event) => event.type === 'RunCompleted')!.type = hostile;
    });
    const watched = await openWatched(browser, pageUrl);
    try {
      const outcome = await verifyOnPage(watched.page, { bundle, publicKey: good.verifierKey });
      await screenshot(watched.page, 'hostile-bundle');
      expect(outcome.verdict).toBe('not-verified');
      expect(outcome.timeline.map((row) => row.cells[4])).toContain(hostile);
      expect(await watched.page.locator('#result img, #result script').count()).toBe(0);
      expect(await watched.page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
      expect(watched.requests).toEqual([pageUrl]);
      expect(watched.errors).toEqual([]);
    } finally {
      await watched.page.context().close();
    }
  });

  it('given no key pinned, then no verdict: an alert asks for the key and marks its field', async () => {
    const outcome = await verify('no-key', { bundle: good.bytes });
    expect(outcome.verdict).toBeNull();
    expect(outcome.inputError).toBe('pin a checkpoint public key (paste it, or choose a key file)');
    expect(outcome.invalidFields).toEqual(['public-key-text']);
  });
});
