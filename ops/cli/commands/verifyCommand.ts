import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { verifyLedger } from '../../../ledger/index.js';
import type { VerificationReport } from '../../../ledger/index.js';
import { exitWith } from '../cliOutput.js';
import { readInputFile } from '../inputFile.js';
import { keyLines } from './verifyBundleCommand.js';
import { ledgerTarget, ledgerTargetOptions } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import { openLedgerLog } from '../openLedgerLog.js';

interface VerifyFlags extends LedgerTargetFlags {
  json?: boolean;
  publicKey?: string[];
  publicKeyFile?: string;
  trustedCheckpoint?: string;
}

export function registerVerifyCommand(program: Command): void {
  ledgerTargetOptions(program.command('verify'))
    .description(
      'recompute every hash, chain, Merkle root and checkpoint signature; exit 1 at the first failure',
    )
    .option('--json', 'machine-readable report on stdout')
    .option(
      '--public-key <key...>',
      'pinned verifier key(s) (name+id+base64); default: keys registered in the ledger',
    )
    .option('--public-key-file <file>', 'read pinned verifier key(s), one per line, from a file')
    .option(
      '--trusted-checkpoint <file>',
      'a signed checkpoint saved earlier: catches a truncated or rewritten ledger',
    )
    .action(async (flags: VerifyFlags) => exitWith(await runVerify(flags), flags.json === true));
}

async function runVerify(flags: VerifyFlags): Promise<{ code: number; report: VerificationReport }> {
  const target = ledgerTarget(flags);
  const pinned = [...(flags.publicKey ?? []), ...keyLines(flags.publicKeyFile)];
  const trustedCheckpoint =
    flags.trustedCheckpoint === undefined
      ? undefined
      : readInputFile(flags.trustedCheckpoint, '--trusted-checkpoint').toString('utf8');
  const log = await openLedgerLog(target, { readOnly: true });
  const bar =
    process.stderr.isTTY && flags.json !== true
      ? new cliProgress.SingleBar(
          { stream: process.stderr, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  try {
    let started = false;
    const report = await verifyLedger(log, {
      pinnedKeys: pinned,
      trustedCheckpoint,
      onProgress: (done, total) => {
        if (bar === undefined || total < 100_000) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    return { code: report.ok ? 0 : 1, report };
  } finally {
    await log.close();
  }
}
