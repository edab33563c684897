import { CommanderError } from 'commander';
import { isMirError } from '../../domain/index.js';
import type { VerificationReport } from '../../ledger/index.js';

/** Prints a verification report (JSON or human) and sets the exit code. */
export function exitWith(outcome: { code: number; report: VerificationReport }, json: boolean): void {
  const { report } = outcome;
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(describeReport(report));
  process.exitCode = outcome.code;
}

export function describeReport(report: VerificationReport): string {
  const lines = [
    `origin:       ${report.origin ?? '(none)'}`,
    `events:       ${report.eventsVerified} verified in ${report.streams} streams`,
    `checkpoints:  ${report.checkpointsVerified} verified (keys: ${report.keySource === 'pinned' ? 'pinned by you' : 'registered in the ledger; pin one with --public-key for an independent check'})`,
  ];
  for (const [index, key] of report.keys.entries()) {
    const from = key.introducedAfter === null ? 'from the first tree' : `trees > ${key.introducedAfter}`;
    const to = key.retiredAfter === null ? 'current' : `retired after tree size ${key.retiredAfter}`;
    lines.push(`${(index === 0 ? 'keys:' : '').padEnd(14)}${key.verifierKey} (${from}, ${to})`);
  }
  if (report.latestCheckpoint !== null) {
    lines.push(
      `latest:       tree size ${report.latestCheckpoint.treeSize}, root ${report.latestCheckpoint.rootHash}`,
    );
  }
  if (report.uncoveredEvents > 0)
    lines.push(`unsigned:     ${report.uncoveredEvents} events after the latest checkpoint`);
  if (report.trustedCheckpoint !== null)
    lines.push(
      `trusted:      tree size ${report.trustedCheckpoint.treeSize} is still a prefix of this ledger`,
    );
  if (report.failure === null) lines.push('result:       INTACT');
  else {
    const f = report.failure;
    lines.push(`result:       FAILED ${f.code}: ${f.message}`);
    if (f.stream !== undefined)
      lines.push(`  at stream ${f.stream}, revision ${f.revision ?? '?'}, position ${f.position ?? '?'}`);
    else if (f.position !== undefined) lines.push(`  at position ${f.position}`);
    if (f.expected !== undefined) lines.push(`  expected: ${JSON.stringify(f.expected)}`);
    if (f.actual !== undefined) lines.push(`  found:    ${JSON.stringify(f.actual)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What commander throws after it printed help or the version itself: not errors. */
const COMMANDER_DONE = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * Prints an error for a person as one line (code and message only: details may be long; never a stack trace)
 * and sets exit code 2. Commander's usage errors (unknown option, missing argument) read the same way.
 */
export function reportCliError(error: unknown): void {
  if (error instanceof CommanderError) {
    if (COMMANDER_DONE.has(error.code)) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`mir: ${error.message.replace(/^error: /, '')} (see --help)\n`);
  } else if (isMirError(error)) process.stderr.write(`mir: ${error.code}: ${error.message}\n`);
  else process.stderr.write(`mir: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
