import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyBundleOnNode } from '../../ledger/index.js';
import { describeInChromium, launchChromium } from '../verifyPage/testing/chromium.js';
import type { WatchedPage } from '../verifyPage/testing/chromium.js';
import {
  completeAppRun,
  ledgerEventsOf,
  nextRunEvent,
  proposeFact,
  publishPaymentGate,
  requestPayment,
  resumePayment,
  startAppRun,
} from './testing/appRun.js';
import {
  SECTIONS,
  WAIT_MS,
  consoleScreenshot,
  explanationOf,
  heading,
  openConsole,
  show,
  textShown,
} from './testing/consolePage.js';
import type { ViewportName } from './testing/consolePage.js';
import { startConsoleServer } from './testing/consoleServer.js';
import type { ConsoleServer } from './testing/consoleServer.js';

const GOAL = 'pay invoice 7';
const REASON = 'invoice 7 matches purchase order 7';

describeInChromium('the console story in headless Chromium, against a real server', 120_000, () => {
  let server: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    await publishPaymentGate(server);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Every console page of this story, with every URL it asked for: the console needs nothing from elsewhere. */
  const opened: WatchedPage[] = [];
  const open = async (role: 'reviewer' | 'auditor' | 'admin', hash: string, viewport?: ViewportName) => {
    const watched = await openConsole(browser, server.consoleUrl, server.keys[role].token, {
      hash,
      viewport,
    });
    opened.push(watched);
    return watched.page;
  };

  it("an app's payment waits for approval; a reviewer approves it live; the auditor watches it complete, explains it, downloads and verifies the evidence", async () => {
    const runId = await startAppRun(server, GOAL);
    const reviewer = await open('reviewer', '#/approvals');
    await heading(reviewer, 'Approvals');
    const auditor = await open('auditor', `#/runs/${runId}`);
    await heading(auditor, GOAL);

    // The app, in the background: asks to pay, waits on its run's events for the grant, resumes with the approval id.
    const app = (async () => {
      const { approvalId } = await requestPayment(server, runId, 250);
      const granted = await nextRunEvent(server, runId, 'ApprovalGranted');
      await resumePayment(server, runId, 250, approvalId);
      await completeAppRun(server, runId);
      return { approvalId, granted };
    })();
    // Awaited below; should a step before fail the case, the app's own failure must not go unhandled.
    app.catch(() => undefined);

    // The request appears in the reviewer's open queue without a reload; the reviewer approves it with a reason.
    const card = reviewer.getByRole('article', { name: 'Approval acme.pay@1' });
    await card.waitFor();
    const shownId = await card.getAttribute('data-approval-id');
    await card.getByLabel('Reason').fill(REASON);
    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => card.count(), { timeout: WAIT_MS }).toBe(0);
    const { approvalId, granted } = await app;
    expect(shownId).toBe(approvalId);
    expect(granted).toMatchObject({ approvalId, decidedBy: server.keys.reviewer.keyId, reason: REASON });

    // The auditor's open timeline shows the call complete, live.
    const completed = auditor.locator('[role=listitem][data-type="ToolCallCompleted"]');
    await completed.waitFor();
    const position = Number(await completed.getAttribute('data-position'));
    await textShown(auditor.getByTestId('run-status')).toMatch(/completed/i);

    // The ledger holds the decision, naming the reviewer.
    const events = await ledgerEventsOf(server, runId);
    const grant = events.find((event) => event.type === 'ApprovalGranted')!;
    expect(grant.data).toMatchObject({ approvalId, decidedBy: server.keys.reviewer.keyId, reason: REASON });
    expect(grant.meta.actor.id).toBe(server.keys.reviewer.keyId);
    expect(events.find((event) => event.type === 'ToolCallCompleted')!.position).toBe(position);

    // Once a checkpoint covers the call, Explain shows the determining policy with its text and the inclusion proof.
    const lastPosition = events.at(-1)!.position;
    await expect
      .poll(() => server.runtime.ledger.latestCheckpoint()?.checkpoint.treeSize ?? 0, { timeout: WAIT_MS })
      .toBeGreaterThan(lastPosition);
    await auditor.getByRole('button', { name: `Explain ToolCallCompleted at ${position}` }).click();
    const explanation = explanationOf(auditor);
    await textShown(explanation).toContain('payments-gate');
    await textShown(explanation).toContain('context.tool.riskTags.contains("payment")');
    await textShown(explanation).toMatch(/inclusion proof/i);
    await textShown(explanation).toContain(String(position));
    await auditor.keyboard.press('Escape');

    // The evidence bundle: downloaded as a file that verifies on Node, and verified in the page.
    const [download] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('button', { name: 'Download evidence bundle' }).click(),
    ]);
    const bundle = await readFile(await download.path());
    const report = verifyBundleOnNode(bundle, { publicKeys: [server.runtime.ledger.verifierKey] });
    expect(report.failure).toBeNull();
    expect(report.ok).toBe(true);
    expect(JSON.stringify(report.subject)).toContain(runId);
    await auditor.getByRole('button', { name: 'Verify evidence bundle' }).click();
    await textShown(auditor.getByRole('region', { name: 'Evidence verification' })).toContain(
      'Bundle verified',
    );

    await screenshotEveryView(runId, position, grant.id);
    // Everything came from this server (the bundle download is a blob: URL the page made itself): no CDN.
    const requested = opened.flatMap((watched) => watched.requests);
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !url.startsWith(`${server.url}/`) && !url.startsWith('blob:'))).toEqual(
      [],
    );
  });

  /** An admin's tour of every view at both widths, with something in each queue, saved under test-results/console/. */
  async function screenshotEveryView(runId: string, position: number, grantId: string) {
    const waiting = await startAppRun(server, 'pay invoice 8');
    await requestPayment(server, waiting, 980);
    await proposeFact(server, 'invoices under 500 are paid on Fridays', [grantId]);
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await open('admin', '#/runs', viewport);
      for (const section of SECTIONS) {
        await show(page, section.hash);
        await heading(page, section.heading);
        await consoleScreenshot(page, section.hash.slice(2), viewport);
      }
      await show(page, `#/runs/${runId}`);
      await heading(page, GOAL);
      await consoleScreenshot(page, 'timeline', viewport);
      await page.getByRole('button', { name: `Explain ToolCallCompleted at ${position}` }).click();
      await explanationOf(page).waitFor();
      await consoleScreenshot(page, 'explain', viewport);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Halt tenant' }).click();
      await textShown(page.getByRole('dialog')).toContain(server.keys.admin.tenant);
      await consoleScreenshot(page, 'kill-switch', viewport);
      await page.keyboard.press('Escape');
    }
  }
});
