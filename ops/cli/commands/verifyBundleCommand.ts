import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { verifierKeyLines, verifyBundleOnNode } from '../../../ledger/index.js';
import type { BundleReport } from '../../../ledger/index.js';
import { readInputFile } from '../inputFile.js';

interface VerifyBundleFlags {
  publicKey?: string[];
  publicKeyFile?: string;
  trustedCheckpoint?: string;
  witnessKey?: string[];
  witnessKeyFile?: string;
  minWitnesses?: number;
  json?: boolean;
}

/** `mir verify-bundle FILE`: checks an evidence bundle with no data directory and no network. */
export function registerVerifyBundleCommand(program: Command): void {
  program
    .command('verify-bundle <file>')
    .description(
      'verify an evidence bundle offline (no data directory, no network) against a pinned key; exit 1 at the first failure',
    )
    .option('--public-key <key...>', "the ledger's verifier key(s) you trust (name+id+base64)")
    .option('--public-key-file <file>', 'read the trusted verifier key(s), one per line, from a file')
    .option(
      '--trusted-checkpoint <file>',
      'a signed checkpoint you saved earlier: the bundle must be consistent with it',
    )
    .option('--witness-key <key...>', 'cosignature/v1 verifier key(s) of witnesses you trust')
    .option('--witness-key-file <file>', 'read witness verifier key(s), one per line, from a file')
    .option(
      '--min-witnesses <n>',
      'how many of those witnesses must have cosigned (default: all of them)',
      count,
    )
    .option('--json', 'machine-readable report on stdout')
    .action((file: string, flags: VerifyBundleFlags) => {
      const publicKeys = [...(flags.publicKey ?? []), ...keyLines(flags.publicKeyFile)];
      if (publicKeys.length === 0)
        throw new InvalidArgumentError(
          'pin the ledger key you trust: --public-key-file <file> or --public-key <key>',
        );
      const trustedCheckpoint =
        flags.trustedCheckpoint === undefined
          ? undefined
          : readInputFile(flags.trustedCheckpoint, '--trusted-checkpoint').toString('utf8');
      const witnessKeys = [
        ...(flags.witnessKey ?? []),
        ...keyLines(flags.witnessKeyFile, '--witness-key-file'),
      ];
      const report = verifyBundleOnNode(readInputFile(file, 'bundle'), {
        publicKeys,
        witnessKeys,
        ...(flags.minWitnesses === undefined ? {} : { minWitnesses: flags.minWitnesses }),
        ...(trustedCheckpoint === undefined ? {} : { trustedCheckpoint }),
      });
      process.stdout.write(
        flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : describeBundleReport(report),
      );
      process.exitCode = report.ok ? 0 : 1;
    });
}

/** Verifier keys from a file, one per line; blank lines and `#` comments skipped. */
export function keyLines(file: string | undefined, what = '--public-key-file'): string[] {
  if (file === undefined) return [];
  return verifierKeyLines(readInputFile(file, what).toString('utf8'));
}

function count(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) throw new InvalidArgumentError('not a count');
  return number;
}

function describeBundleReport(report: BundleReport): string {
  const subject = report.subject;
  const lines = [
    `subject:      ${subject === null ? '(unreadable)' : subject.kind === 'run' ? `run ${subject.runId} (tenant ${subject.tenant})` : `positions ${subject.from}..${subject.to} (${subject.tenant === null ? 'every tenant' : `tenant ${subject.tenant}`})`}`,
    `origin:       ${report.origin ?? '(unknown)'}`,
  ];
  if (report.checkpoint !== null)
    lines.push(`checkpoint:   tree size ${report.checkpoint.treeSize}, root ${report.checkpoint.rootHash}`);
  lines.push(`events:       ${report.eventsVerified} of ${report.timeline.length} verified`);
  const signer = report.keys.find((key) => key.signedCheckpoint);
  if (signer !== undefined) lines.push(`signed by:    ${signer.verifierKey}`);
  for (const witness of report.witnesses)
    lines.push(
      `witness:      ${witness.name} cosigned at ${witness.timestamp} (${witness.verified ? 'a witness you pinned' : 'not pinned by you: does not count'})`,
    );
  if (report.trustedCheckpoint !== null)
    lines.push(
      `trusted:      consistent with your checkpoint of tree size ${report.trustedCheckpoint.treeSize}`,
    );
  const f = report.failure;
  if (f === null) lines.push('result:       VERIFIED');
  else {
    lines.push(`result:       FAILED ${f.code}: ${f.message}`);
    if (f.stream !== undefined)
      lines.push(`  at stream ${f.stream}, revision ${f.revision ?? '?'}, position ${f.position ?? '?'}`);
    else if (f.position !== undefined) lines.push(`  at position ${f.position}`);
    if (f.path !== undefined) lines.push(`  in the bundle at ${f.path}`);
    if (f.expected !== undefined) lines.push(`  expected: ${JSON.stringify(f.expected)}`);
    if (f.actual !== undefined) lines.push(`  found:    ${JSON.stringify(f.actual)}`);
  }
  return `${lines.join('\n')}\n`;
}
