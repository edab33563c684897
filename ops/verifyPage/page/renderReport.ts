/// <reference lib="dom" />
import type { JsonValue } from '../../../domain/events/json.js';
import type {
  BundleFailure,
  BundleReport,
  BundleSubject,
  TimelineEntry,
} from '../../../ledger/portable/bundle/bundleReport.js';
import { definitions, el, table } from './dom.js';
import type { Child } from './dom.js';

/**
 * The verification result as elements: the verdict first, then what failed (if anything), what the bundle proves,
 * its keys and witnesses, and the timeline with the failing event marked. Every value from the bundle is text.
 */
export function renderReport(report: BundleReport): HTMLElement[] {
  return [
    verdict(report),
    report.failure === null ? null : failure(report.failure),
    summary(report),
    keys(report),
    witnesses(report),
    timeline(report),
  ].filter((part): part is HTMLElement => part !== null);
}

function verdict(report: BundleReport): HTMLElement {
  const checkpoint = report.checkpoint;
  const detail = report.ok
    ? `${report.eventsVerified} event(s) verified against the signed checkpoint of tree size ${checkpoint?.treeSize ?? '?'}.`
    : `${report.failure?.code ?? 'FAILED'}: ${report.failure?.message ?? 'verification failed'}`;
  return el(
    'div',
    { class: report.ok ? 'verdict verified' : 'verdict not-verified' },
    el(
      'p',
      { role: 'status', 'data-testid': 'verdict', 'data-verdict': report.ok ? 'verified' : 'not-verified' },
      report.ok ? '✓ Verified' : '✗ NOT verified',
    ),
    el('p', { 'data-testid': 'verdict-detail' }, detail),
  );
}

function failure(found: BundleFailure): HTMLElement {
  return el(
    'section',
    { 'aria-labelledby': 'failure-heading', 'data-testid': 'failure', class: 'failure' },
    el('h2', { id: 'failure-heading' }, 'What failed'),
    definitions({}, [
      ['Code', el('code', { 'data-testid': 'failure-code' }, found.code)],
      ['Message', el('span', { 'data-testid': 'failure-message' }, found.message)],
      ['Stream', found.stream],
      ['Revision', found.revision],
      ['Position', found.position],
      ['Where in the file', found.path === undefined ? null : el('code', {}, found.path)],
      ['Expected', jsonValue(found.expected, 'failure-expected')],
      ['Actual', jsonValue(found.actual, 'failure-actual')],
    ]),
  );
}

function summary(report: BundleReport): HTMLElement {
  const checkpoint = report.checkpoint;
  const trusted = report.trustedCheckpoint;
  return el(
    'section',
    { 'aria-labelledby': 'summary-heading' },
    el('h2', { id: 'summary-heading' }, 'What the bundle covers'),
    definitions({ 'data-testid': 'summary' }, [
      ['Subject', report.subject === null ? 'unreadable' : subject(report.subject)],
      ['Origin', report.origin ?? 'unreadable'],
      ['Checkpoint tree size', checkpoint?.treeSize],
      ['Checkpoint root hash', checkpoint === null ? null : el('code', {}, checkpoint.rootHash)],
      ['Checkpoint time', checkpoint === null ? null : time(checkpoint.timestamp)],
      ['Events verified', report.eventsVerified],
      [
        'Consistent with your trusted checkpoint',
        trusted === null ? null : `tree size ${trusted.treeSize}, root ${trusted.rootHash}`,
      ],
    ]),
  );
}

function subject(found: BundleSubject): string {
  if (found.kind === 'run') return `run ${found.runId} (tenant ${found.tenant})`;
  const tenant = found.tenant === null ? 'all tenants' : `tenant ${found.tenant}`;
  return `ledger positions ${found.from} to ${found.to} (${tenant})`;
}

function keys(report: BundleReport): HTMLElement | null {
  if (report.keys.length === 0) return null;
  const rows = report.keys.map((key) =>
    el(
      'tr',
      { 'data-testid': 'key-row' },
      el('td', {}, el('code', {}, key.verifierKey)),
      el('td', {}, key.retiredAfter === null ? 'current' : `retired after tree size ${key.retiredAfter}`),
      el('td', {}, key.signedCheckpoint ? 'signed the checkpoint' : ''),
    ),
  );
  return table({ 'data-testid': 'keys' }, 'Checkpoint keys, oldest first', ['Key', 'Status', 'Signed'], rows);
}

function witnesses(report: BundleReport): HTMLElement | null {
  if (report.witnesses.length === 0) return null;
  const rows = report.witnesses.map((witness) =>
    el(
      'tr',
      { 'data-testid': 'witness-row' },
      el('td', {}, witness.name),
      el('td', {}, el('code', {}, witness.verifierKey)),
      el('td', {}, time(witness.timestamp * 1000, `${witness.timestamp} s`)),
      el('td', {}, witness.verified ? '✓ pinned by you: counts' : 'not pinned: does not count'),
    ),
  );
  return table(
    { 'data-testid': 'witnesses' },
    'Witness cosignatures on the checkpoint (each checked against the key the bundle names)',
    ['Witness', 'Key', 'Cosigned at', 'Counts'],
    rows,
  );
}

function timeline(report: BundleReport): HTMLElement | null {
  if (report.timeline.length === 0) return null;
  const rows = report.timeline.map((entry) => timelineRow(entry, failsAt(report.failure, entry)));
  return table(
    { 'data-testid': 'timeline', class: 'timeline' },
    `Timeline: ${report.timeline.length} event(s) in position order`,
    ['Position', 'Time', 'Stream', 'Revision', 'Type', 'Actor', 'Checked'],
    rows,
  );
}

function timelineRow(entry: TimelineEntry, failing: boolean): HTMLTableRowElement {
  const status = failing ? '✗ failed here' : entry.verified ? '✓ verified' : 'not verified';
  return el(
    'tr',
    {
      'data-testid': 'timeline-row',
      'data-position': String(entry.position),
      'data-failing': String(failing),
      class: failing ? 'failing' : entry.verified ? 'verified' : 'unverified',
    },
    el('td', {}, entry.position),
    el('td', {}, entry.occurredAt),
    el('td', {}, entry.stream),
    el('td', {}, entry.revision),
    el('td', {}, entry.type),
    el('td', {}, entry.actor),
    el('td', {}, status),
  );
}

/** Whether `failure` is about this event: by position when it names one, else by stream and revision. */
function failsAt(found: BundleFailure | null, entry: TimelineEntry): boolean {
  if (found === null) return false;
  if (found.position !== undefined) return found.position === entry.position;
  return found.stream === entry.stream && found.revision === entry.revision;
}

function jsonValue(value: JsonValue | undefined, testId: string): Child {
  if (value === undefined) return null;
  return el('code', { 'data-testid': testId }, typeof value === 'string' ? value : JSON.stringify(value));
}

/** An ISO time for a millisecond timestamp with `stated` (how the bundle says it), or `stated` alone if no date. */
function time(milliseconds: number, stated = `${milliseconds} ms`): string {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? stated : `${date.toISOString()} (${stated})`;
}
