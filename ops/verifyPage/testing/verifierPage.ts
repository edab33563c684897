import type { Page } from 'playwright-core';

/** What an auditor gives the page. */
export interface PageInput {
  readonly bundle: Uint8Array;
  readonly bundleName?: string;
  /** Pasted into the key field. */
  readonly publicKey?: string;
  /** Chosen as the key file. */
  readonly publicKeyFile?: string;
  readonly trustedCheckpoint?: string;
  readonly witnessKeys?: readonly string[];
  readonly minWitnesses?: number;
}

/** What the page shows once it is done. */
export interface PageOutcome {
  /** `verified`, `not-verified`, or null when it showed no verdict (an input problem instead). */
  readonly verdict: string | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  /** The alert shown instead of a report, if any. */
  readonly inputError: string | null;
  /** Ids of the form fields marked invalid. */
  readonly invalidFields: readonly string[];
  readonly summary: string | null;
  /** Each checkpoint key row's cells: key, status, whether it signed the checkpoint. */
  readonly keys: readonly string[][];
  /** Each witness row's cells: name, key, time, whether it counts. */
  readonly witnesses: readonly string[][];
  readonly timeline: readonly { position: number; failing: boolean; cells: string[] }[];
}

/** Fills the form like a person would (files chosen, key pasted), presses Verify and reads what the page shows. */
export async function verifyOnPage(page: Page, input: PageInput): Promise<PageOutcome> {
  await page.setInputFiles('[data-testid=bundle-file]', {
    name: input.bundleName ?? 'bundle.json',
    mimeType: 'application/json',
    buffer: Buffer.from(input.bundle),
  });
  if (input.publicKey !== undefined) await page.fill('[data-testid=public-key-text]', input.publicKey);
  if (input.publicKeyFile !== undefined)
    await page.setInputFiles(
      '[data-testid=public-key-file]',
      textFile('checkpoint.pub', input.publicKeyFile),
    );
  if (
    input.trustedCheckpoint !== undefined ||
    input.witnessKeys !== undefined ||
    input.minWitnesses !== undefined
  )
    await page.click('summary');
  if (input.trustedCheckpoint !== undefined)
    await page.setInputFiles(
      '[data-testid=trusted-checkpoint-file]',
      textFile('trusted.checkpoint', input.trustedCheckpoint),
    );
  if (input.witnessKeys !== undefined)
    await page.fill('[data-testid=witness-keys]', input.witnessKeys.join('\n'));
  if (input.minWitnesses !== undefined)
    await page.fill('[data-testid=min-witnesses]', String(input.minWitnesses));
  await page.click('[data-testid=verify-button]');
  await page.waitForSelector('[data-testid=result][data-state=done]');
  return readOutcome(page);
}

async function readOutcome(page: Page): Promise<PageOutcome> {
  // Read only what is there: Playwright would otherwise wait for a missing element until its timeout.
  const present = async (selector: string) => (await page.locator(selector).count()) > 0;
  const text = async (selector: string) =>
    (await present(selector)) ? await page.locator(selector).textContent() : null;
  return {
    verdict: (await present('[data-testid=verdict]'))
      ? await page.locator('[data-testid=verdict]').getAttribute('data-verdict')
      : null,
    failureCode: await text('[data-testid=failure-code]'),
    failureMessage: await text('[data-testid=failure-message]'),
    inputError: await text('[data-testid=input-error]'),
    invalidFields: await page.$$eval('[aria-invalid=true]', (fields) => fields.map((field) => field.id)),
    summary: await text('[data-testid=summary]'),
    keys: await cellsOf(page, 'key-row'),
    witnesses: await cellsOf(page, 'witness-row'),
    timeline: await page.$$eval('[data-testid=timeline-row]', (rows) =>
      rows.map((row) => ({
        position: Number((row as HTMLElement).dataset.position),
        failing: (row as HTMLElement).dataset.failing === 'true',
        cells: Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent ?? ''),
      })),
    ),
  };
}

/** The text of each cell of each row marked `data-testid=<testId>`. */
async function cellsOf(page: Page, testId: string): Promise<string[][]> {
  return page.$$eval(`[data-testid=${testId}]`, (rows) =>
    rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent ?? '')),
  );
}

function textFile(name: string, text: string) {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}
