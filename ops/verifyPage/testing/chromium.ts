import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it): playwright cannot download one here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no background traffic of its own that could be mistaken for the page's. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where the browser tests save their screenshots (gitignored). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-results', 'verify-page');

/**
 * Why the browser tests cannot run here, or null when Chromium is installed. A developer machine without it skips
 * them (loudly); under `CI=true` they must run, so there the caller fails instead of skipping.
 */
export function chromiumMissing(): string | null {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return null;
  } catch {
    return `${CHROMIUM} is not installed or not executable (Debian: apt-get install -y chromium)`;
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** A page with everything it asked the network for and every error it reported, recorded from its opening. */
export interface WatchedPage {
  readonly page: Page;
  /** Every request's URL, the page's own document included. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
}

/** Opens `url` in a fresh context (no state shared between cases), recording requests and errors. */
export async function openWatched(browser: Browser, url: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.goto(url);
  return { page, requests, errors };
}

/** Saves a full-page screenshot as `test-results/verify-page/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
