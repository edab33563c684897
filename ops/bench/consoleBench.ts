// npm run bench:console [-- --events N --interval MS]
// Commit-to-visible latency of a run's timeline in MIR's console (real headless Chromium, real server) with 1 and 20
// consoles open on the run, next to the subscription's own commit-to-client latency (a Node graphql-sse client on
// the same run) measured in the same rounds. Target: an event committed is visible within 250 ms.
//
// Clock: every time is `Date.now()` — the system's wall clock, read by the server process (where the bench appends)
// and by the Chromium pages alike, so the two sides compare on one clock on one machine (1 ms resolution, plenty
// against 250 ms). Commit time is the moment the event log's append resolved: the event is durable (fsync'd) and
// released to subscribers. The event's own `occurredAt` is not used: it is stamped before the append queues for its
// group commit, so it would add the ledger's commit latency to the console's.
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-sse';
import type { Browser, Page } from 'playwright-core';
import { ledgerEventsOf, startAppRun, stepAppender } from '../console/testing/appRun.js';
import { heading, openConsole } from '../console/testing/consolePage.js';
import { startConsoleServer } from '../console/testing/consoleServer.js';
import type { ConsoleServer } from '../console/testing/consoleServer.js';
import { scrollTimelineToEnd } from '../console/testing/pageChecks.js';
import { chromiumMissing, launchChromium } from '../verifyPage/testing/chromium.js';
import { fmt, summarise } from './benchStats.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100' },
    interval: { type: 'string', default: '50' },
  },
});
const EVENTS = Number(args.events);
const INTERVAL_MS = Number(args.interval);
const CONSOLES = [1, 20] as const;
const TARGET_MS = 250;

/**
 * Run in each page: records when each `data-position` first appeared (a row added, or the attribute set on a reused
 * row), by `Date.now()`, in `window.seenAt`. Plain JavaScript in a string: tsx would otherwise wrap a function's
 * inner functions in a helper that does not exist in the page.
 */
const STAMP_ROWS = `(() => {
  const seen = {};
  window.seenAt = seen;
  const stamp = (node, at) => {
    if (!(node instanceof HTMLElement)) return;
    for (const row of [node, ...node.querySelectorAll('[data-position]')]) {
      const position = row.dataset.position;
      if (position !== undefined && !(position in seen)) seen[position] = at;
    }
  };
  new MutationObserver((records) => {
    const at = Date.now();
    for (const record of records) {
      if (record.type === 'attributes') stamp(record.target, at);
      for (const node of record.addedNodes) stamp(node, at);
    }
  }).observe(document.body, { childList: true, subtree: true, attributeFilter: ['data-position'] });
})()`;

interface Round {
  readonly consoles: number;
  readonly visible: number[];
  readonly missingInPages: number;
  /** Pages that never showed at least one of the events (where the missing rows are). */
  readonly pagesMissing: number;
  readonly subscription: number[];
  readonly missingInClient: number;
}

/** Opens `count` consoles (one browser context each, like separate people) on a fresh run's timeline. */
async function openTimelines(server: ConsoleServer, browser: Browser, runId: string, count: number) {
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const { page } = await openConsole(browser, server.consoleUrl, server.keys.auditor.token, {
      hash: `#/runs/${runId}`,
    });
    await heading(page, `console bench, ${count} open`);
    await page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').first().waitFor();
    await scrollTimelineToEnd(page);
    await page.evaluate(STAMP_ROWS);
    pages.push(page);
  }
  return pages;
}

/** A Node graphql-sse client on the run's events from `fromPosition`, stamping each arrival. */
function followInNode(server: ConsoleServer, runId: string, fromPosition: number) {
  const arrived = new Map<number, number>();
  const client = createClient({
    url: `${server.url}/graphql`,
    retryAttempts: 0,
    headers: { authorization: `Bearer ${server.keys.auditor.token}` },
  });
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const results = client.iterate<{ runEvents: { position: number } }>(
    {
      query:
        'subscription($runId: ID!, $from: Position) { runEvents(runId: $runId, fromPosition: $from) { position } }',
      variables: { runId, from: fromPosition },
    },
    { connected: () => connected() },
  );
  const done = (async () => {
    for await (const result of results) {
      const position = result.data?.runEvents.position;
      if (position !== undefined) arrived.set(position, Date.now());
    }
  })();
  return { arrived, ready, close: async () => (client.dispose(), await done.catch(() => undefined)) };
}

async function round(server: ConsoleServer, browser: Browser, consoles: number): Promise<Round> {
  const runId = await startAppRun(server, `console bench, ${consoles} open`);
  const pages = await openTimelines(server, browser, runId, consoles);
  const steps = await stepAppender(server, runId);
  const start = (await ledgerEventsOf(server, runId)).at(-1)!.position + 1;
  const node = followInNode(server, runId, start);
  await node.ready;
  const committedAt = new Map<number, number>();
  for (let i = 0; i < EVENTS; i++) {
    const position = await steps.append(1);
    committedAt.set(position, Date.now());
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  // Late is not missing: every page gets up to 30 s to show the last event before anything counts as lost.
  const last = String(Math.max(...committedAt.keys()));
  await Promise.all(
    pages.map((page) =>
      page
        .waitForFunction((position) => position in (window as unknown as { seenAt: object }).seenAt, last, {
          timeout: 30_000,
        })
        .catch(() => undefined),
    ),
  );
  const seen = await Promise.all(
    pages.map((page) =>
      page.evaluate(() => (window as unknown as { seenAt: Record<string, number> }).seenAt),
    ),
  );
  await node.close();
  await Promise.all(pages.map((page) => page.context().close()));
  const latencies = (arrivals: (position: number) => number | undefined) => {
    const samples: number[] = [];
    for (const [position, at] of committedAt) {
      const arrived = arrivals(position);
      if (arrived !== undefined) samples.push(arrived - at);
    }
    return samples;
  };
  const visible = seen.flatMap((pageSeen) => latencies((position) => pageSeen[position]));
  const subscription = latencies((position) => node.arrived.get(position));
  return {
    consoles,
    visible,
    missingInPages: consoles * EVENTS - visible.length,
    pagesMissing: seen.filter((pageSeen) => [...committedAt.keys()].some((p) => !(p in pageSeen))).length,
    subscription,
    missingInClient: EVENTS - subscription.length,
  };
}

function print(rounds: readonly Round[]): void {
  const ms = (samples: number[]) => {
    const { p50, p99 } = summarise(samples);
    return `${fmt(p50, 1).padStart(7)} ${fmt(p99, 1).padStart(7)}`;
  };
  console.log(`\ncommit → visible in the console's timeline vs commit → graphql-sse client (Node), ms`);
  console.log(`${EVENTS} events per round, one every ${INTERVAL_MS} ms, one run, same server, same clock\n`);
  console.log('consoles │ console   p50     p99 │ missing │ subscription p50     p99 │ missing');
  console.log('─────────┼───────────────────────┼─────────┼──────────────────────────┼────────');
  for (const r of rounds)
    console.log(
      `${String(r.consoles).padStart(8)} │        ${ms(r.visible)} │ ${String(r.missingInPages).padStart(7)} │` +
        `           ${ms(r.subscription)} │ ${String(r.missingInClient).padStart(7)}`,
    );
  for (const r of rounds)
    if (r.pagesMissing > 0)
      console.log(
        `${r.consoles} consoles: ${r.pagesMissing} page(s) never rendered some events — a page that falls behind ` +
          'receives them in one batch larger than its window of rows, or stopped following the newest',
      );
  const worst = Math.max(...rounds.map((r) => summarise(r.visible).p99));
  console.log(
    `\ntarget: an event committed is visible in an open timeline within ${TARGET_MS} ms — ` +
      `worst p99 ${fmt(worst, 1)} ms: ${worst <= TARGET_MS ? 'met' : 'NOT met'}`,
  );
}

const missing = chromiumMissing();
if (missing !== null) throw new Error(`bench:console needs Chromium: ${missing}`);
const [server, browser] = await Promise.all([startConsoleServer(), launchChromium()]);
try {
  const rounds: Round[] = [];
  for (const consoles of CONSOLES) rounds.push(await round(server, browser, consoles));
  print(rounds);
} finally {
  await browser.close();
  await server.close();
}
