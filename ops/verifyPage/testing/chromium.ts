import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { describe, it } from 'vitest';

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

/** Where the browser tests save their screenshots (gitignored): one folder per page under test. */
export const SCREENSHOT_ROOT = join(import.meta.dirname, '..', '..', '..', 'test-results');

/** The desktop viewport every browser test opens with unless it asks for another. */
export const DESKTOP = { width: 1280, height: 900 } as const;

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

/**
 * `describe` for a suite that needs Chromium: without it, skipped with a loud warning on a developer machine, and a
 * failing case instead under `CI=true` (where `.ci/run` installs it, so its absence is a broken setup).
 */
export function describeInChromium(title: string, timeoutMs: number, body: () => void): void {
  const missing = chromiumMissing();
  if (missing !== null && process.env.CI !== 'true')
    console.warn(`\n*** SKIPPING ${title}: ${missing}. Under CI=true it fails instead. ***\n`);
  describe.runIf(missing !== null && process.env.CI === 'true')(`${title} under CI=true`, () => {
    it('has Chromium to run in', () => {
      throw new Error(`CI=true: ${title} must run, but ${missing}`);
    });
  });
  describe.skipIf(missing !== null)(title, { timeout: timeoutMs }, body);
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

/**
 * Opens `url` in a fresh context (no state shared between cases), recording requests
 * and errors, at `viewport` (default DESKTOP).
 */
export async function openWatched(
  browser: Browser,
  url: string,
  viewport: { readonly width: number; readonly height: number } = DESKTOP,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport });
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

/** Saves a full-page screenshot as `test-results/<folder>/<name>.png` (folder: `verify-page` unless given). */
export async function screenshot(page: Page, name: string, folder = 'verify-page'): Promise<void> {
  const dir = join(SCREENSHOT_ROOT, folder);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
