import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DESKTOP, openWatched, screenshot } from '../../verifyPage/testing/chromium.js';
import type { WatchedPage } from '../../verifyPage/testing/chromium.js';

/** The two widths the console must be readable at. */
export const VIEWPORTS = {
  desktop: DESKTOP,
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The console's views, by hash route, each with its heading once it has loaded (a run's is its goal). */
export const SECTIONS = [
  { hash: '#/runs', heading: 'Runs', link: 'Runs' },
  { hash: '#/approvals', heading: 'Approvals', link: 'Approvals' },
  { hash: '#/memory', heading: 'Memory review', link: 'Memory' },
  { hash: '#/ledger', heading: 'Ledger', link: 'Ledger' },
  { hash: '#/catalog', heading: 'Catalog', link: 'Catalog' },
] as const;

/** How long a wait for something the console should show may take before the case fails. */
export const WAIT_MS = 15_000;

/** Signs in on the sign-in form as a person would (type the key, press the button) and waits for the sections. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('API key').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console sections' }).waitFor();
}

/**
 * Opens the console in a fresh browser context at `viewport`, signed in with `token`, then shows `hash` (default
 * the runs list). Requests and console errors are recorded from the first load.
 */
export async function openConsole(
  browser: Browser,
  consoleUrl: string,
  token: string,
  { hash = '#/runs', viewport = 'desktop' }: { hash?: string; viewport?: ViewportName } = {},
): Promise<WatchedPage> {
  const watched = await openWatched(browser, consoleUrl, VIEWPORTS[viewport]);
  // A view that never shows what it should fails the case in seconds, not at the 30 s default.
  watched.page.setDefaultTimeout(WAIT_MS);
  await signIn(watched.page, token);
  await show(watched.page, hash);
  return watched;
}

/** Moves to a view by its hash route, like following a link (no reload: live feeds of the shell stay open). */
export async function show(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => {
    location.hash = target;
  }, hash);
}

/** Waits for a view's level-1 heading. */
export async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/** Saves the page as `test-results/console/<name>-<viewport>.png`. */
export async function consoleScreenshot(page: Page, name: string, viewport: ViewportName): Promise<void> {
  await screenshot(page, `${name}-${viewport}`, 'console');
}

/** The explain panel: a region or a dialog named "Explanation". */
export function explanationOf(page: Page): Locator {
  return page
    .getByRole('region', { name: 'Explanation' })
    .or(page.getByRole('dialog', { name: 'Explanation' }));
}

/**
 * The text `locator` shows ('' while it is absent), polled until the assertion chained on it holds or WAIT_MS
 * passes: `await textShown(status).toMatch(/completed/)`.
 */
export function textShown(locator: Locator) {
  const text = async () =>
    (await locator.count()) === 0 ? '' : ((await locator.first().textContent()) ?? '');
  return expect.poll(text, { timeout: WAIT_MS });
}
