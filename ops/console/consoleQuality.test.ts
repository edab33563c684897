import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeInChromium, launchChromium, openWatched } from '../verifyPage/testing/chromium.js';
import { RECORD_STEP } from '../../graphql/testing/runOperations.js';
import {
  appendSteps,
  ledgerEventsOf,
  publishPaymentGate,
  requestPayment,
  startAppRun,
} from './testing/appRun.js';
import {
  SECTIONS,
  VIEWPORTS,
  WAIT_MS,
  explanationOf,
  heading,
  openConsole,
  show,
} from './testing/consolePage.js';
import type { ViewportName } from './testing/consolePage.js';
import { startConsoleServer } from './testing/consoleServer.js';
import type { ConsoleServer } from './testing/consoleServer.js';
import {
  positionsShown,
  scrollTimelineToEnd,
  sidewaysOverflow,
  tabTo,
  unnamedControls,
} from './testing/pageChecks.js';

const GOAL = 'pay the plumber';

describeInChromium('the console in headless Chromium: keyboard, names, layout, roles', 120_000, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let runId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
    await publishPaymentGate(server);
    runId = await startAppRun(server, GOAL);
    // A payment waiting for a reviewer: the approvals queue has something to show (and to hide from an auditor).
    await requestPayment(server, runId, 120);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Each case starts with no console open: one case's open views must not load the server under the next.
  const opened: Page[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.context().close()));
  });

  async function open(role: Parameters<ConsoleServer['graphql']>[0], hash: string, viewport?: ViewportName) {
    const watched = await openConsole(browser, server.consoleUrl, server.keys[role].token, {
      hash,
      viewport,
    });
    opened.push(watched.page);
    return watched.page;
  }

  /** Every view an admin sees, shown in turn on `page`; `check` runs once each has loaded. */
  async function everyView(page: Page, check: (view: string) => Promise<void>) {
    for (const section of SECTIONS) {
      await show(page, section.hash);
      await heading(page, section.heading);
      await check(section.heading);
    }
    await show(page, `#/runs/${runId}`);
    await heading(page, GOAL);
    await check('timeline');
    await page
      .getByRole('button', { name: /^Explain / })
      .first()
      .click();
    await explanationOf(page).waitFor();
    await check('explanation');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Halt tenant' }).click();
    await page.getByRole('dialog').waitFor();
    await check('kill switch dialog');
    await page.keyboard.press('Escape');
  }

  it('with the keyboard alone (Tab, Enter, Escape): signs in, moves between sections, opens Explain and closes it', async () => {
    const { page } = await openWatched(browser, server.consoleUrl, VIEWPORTS.desktop);
    opened.push(page);
    page.setDefaultTimeout(WAIT_MS);
    await tabTo(page, page.getByLabel('API key'));
    await page.keyboard.type(server.keys.admin.token);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Console sections' });
    for (const section of [...SECTIONS.slice(1), SECTIONS[0]]) {
      await tabTo(page, nav.getByRole('link', { name: section.link, exact: true }));
      await page.keyboard.press('Enter');
      await heading(page, section.heading);
    }
    await tabTo(page, page.getByRole('link', { name: GOAL }));
    await page.keyboard.press('Enter');
    await heading(page, GOAL);
    await tabTo(page, page.getByRole('button', { name: /^Explain RunStarted at \d+$/ }));
    await page.keyboard.press('Enter');
    const explanation = explanationOf(page);
    await expect.poll(() => explanation.count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
    // The keyboard goes with the reader into the panel (so Escape reaches it), and stays there.
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.closest('[aria-label]')?.getAttribute('aria-label') ?? null,
      );
    await expect.poll(focused, { timeout: WAIT_MS }).toBe('Explanation');
    await page.keyboard.press('Escape');
    await expect.poll(() => explanation.count(), { timeout: WAIT_MS }).toBe(0);
  });

  it('every button, link, input and select of every view has an accessible name', async () => {
    const page = await open('admin', '#/runs');
    const unnamed: string[] = [];
    await everyView(page, async (view) => {
      for (const control of await unnamedControls(page)) unnamed.push(`${view}: ${control}`);
    });
    expect(unnamed).toEqual([]);
  });

  it('at 390 px wide, no view is wider than the window', async () => {
    const page = await open('admin', '#/runs', 'phone');
    const overflowing: string[] = [];
    await everyView(page, async (view) => {
      const overflow = await sidewaysOverflow(page);
      if (overflow > 0) overflowing.push(`${view}: ${overflow} px too wide`);
    });
    expect(overflowing).toEqual([]);
  });

  it('offers each role only what it may do: no Approve/Deny for an auditor, no Approvals for an app, no Halt for a reviewer', async () => {
    const approval = (page: Page) => page.getByRole('article', { name: 'Approval acme.pay@1' });
    const decide = (page: Page) => page.getByRole('button', { name: /^(Approve|Deny)$/ });

    const reviewer = await open('reviewer', '#/approvals');
    await approval(reviewer).waitFor();
    expect(await decide(reviewer).count()).toBe(2);
    expect(await reviewer.getByRole('button', { name: 'Halt tenant' }).count()).toBe(0);

    const auditor = await open('auditor', '#/approvals');
    await approval(auditor).waitFor();
    expect(await decide(auditor).count()).toBe(0);
    expect(await auditor.getByRole('button', { name: 'Halt tenant' }).count()).toBe(0);

    const app = await open('app', '#/runs');
    await heading(app, 'Runs');
    const links = app.getByRole('navigation', { name: 'Console sections' }).getByRole('link');
    expect(await links.allTextContents()).not.toContain('Approvals');
    expect(await links.allTextContents()).toContain('Runs');

    const admin = await open('admin', '#/runs');
    await admin.getByRole('button', { name: 'Halt tenant' }).waitFor();
  });

  it('a 10,000-event run opens, scrolls to its newest event, and keeps only a window of rows in the DOM', async () => {
    const longRun = await startAppRun(server, 'a very long run');
    await appendSteps(server, longRun, 10_000);
    const events = await ledgerEventsOf(server, longRun);
    const newest = events.at(-1)!.position;
    const page = await open('auditor', `#/runs/${longRun}`);
    await heading(page, 'a very long run');
    await expect
      .poll(
        async () => {
          await scrollTimelineToEnd(page);
          return (await positionsShown(page)).includes(newest);
        },
        { timeout: WAIT_MS },
      )
      .toBe(true);
    const shown = await positionsShown(page);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(500);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
  });

  it('when the feed breaks (connection cut, browser offline) it resumes after the last event seen: none lost, none repeated', async () => {
    const feedRun = await startAppRun(server, 'a run that loses its feed');
    const page = await open('auditor', `#/runs/${feedRun}`);
    const last = async () => (await ledgerEventsOf(server, feedRun)).at(-1)!.position;
    await expect
      .poll(async () => (await positionsShown(page)).at(-1), { timeout: WAIT_MS })
      .toBe(await last());

    // The browser goes offline and the server's side of every open connection is cut, the page's feed included
    // (going offline alone leaves an open stream be): the page notices and keeps retrying, in vain until online.
    await page.context().setOffline(true);
    server.runtime.server.closeAllConnections();
    await page.getByRole('status').filter({ hasText: 'reconnecting' }).waitFor();
    for (const summary of ['while offline 1', 'while offline 2', 'while offline 3'])
      await server.graphql('app', RECORD_STEP, { runId: feedRun, kind: 'note', summary, payload: null });
    await page.context().setOffline(false);

    const ledger = (await ledgerEventsOf(server, feedRun)).map((event) => event.position);
    await expect
      .poll(async () => (await positionsShown(page)).at(-1), { timeout: WAIT_MS })
      .toBe(ledger.at(-1));
    expect(await positionsShown(page)).toEqual(ledger);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
  });
});
