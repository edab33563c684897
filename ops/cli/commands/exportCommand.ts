import { createHash } from 'node:crypto';
import { closeSync, openSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { MirError } from '../../../domain/index.js';
import { BundleError, ledgerProofReader, replaceFileDurably } from '../../../ledger/index.js';
import { evidenceExporter } from '../../../projections/index.js';
import { openLedgerStore } from '../../store/ledgerStore.js';
import { ledgerTarget, ledgerTargetOptions } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';

interface ExportFlags extends LedgerTargetFlags {
  run?: string;
  tenant?: string;
  from?: number;
  to?: number;
  checkpoint?: number;
  since?: number[];
  out?: string;
  force?: boolean;
}

/** `mir export`: an evidence bundle of a run or of a ledger range, from the ledger alone. */
export function registerExportCommand(program: Command): void {
  ledgerTargetOptions(program.command('export'))
    .description(
      'write an evidence bundle (docs/evidence-bundle.md): every event of a run (or a ledger range) with its proofs, verifiable offline by mir verify-bundle or the /verify page',
    )
    .option('--run <runId>', 'the run to export')
    .option('--tenant <tenant>', 'with --from/--to: only this tenant in full, other tenants by hash')
    .option('--from <position>', 'first ledger position of a range (inclusive)', position)
    .option('--to <position>', 'last ledger position of a range (inclusive)', position)
    .option(
      '--checkpoint <treeSize>',
      'prove against the checkpoint of this tree size (default: the latest)',
      position,
    )
    .option(
      '--since <treeSize...>',
      'tree sizes of older checkpoints you hold: include consistency proofs',
      positions,
    )
    .option('--out <file>', 'write the bundle here (default: stdout)')
    .option('--force', 'replace an existing --out file')
    .action(async (flags: ExportFlags) => {
      const bundle = await exportBundle(flags);
      const digest = createHash('sha256').update(bundle).digest('hex');
      if (flags.out === undefined) process.stdout.write(bundle);
      else writeBundleFile(resolve(flags.out), bundle, flags.force === true);
      process.stderr.write(
        `mir: bundle sha256 ${digest}${flags.out === undefined ? '' : ` written to ${resolve(flags.out)}`}\n`,
      );
    });
}

async function exportBundle(flags: ExportFlags): Promise<string> {
  const range = flags.from !== undefined || flags.to !== undefined;
  if ((flags.run === undefined) === !range || (range && (flags.from === undefined || flags.to === undefined)))
    throw new InvalidArgumentError(
      'give either --run <runId>, or --from and --to (with an optional --tenant)',
    );
  if (flags.run !== undefined && flags.tenant !== undefined)
    throw new InvalidArgumentError("--tenant goes with --from/--to; a run bundle is in its run's tenant");
  const { log, nodes, blobs } = await openLedgerStore(ledgerTarget(flags).store, { readOnly: true });
  try {
    const { tree } = ledgerProofReader(log, nodes);
    const exporter = evidenceExporter({ log, tree, blobs });
    const anchor = {
      ...(flags.checkpoint === undefined ? {} : { treeSize: flags.checkpoint }),
      since: flags.since ?? [],
    };
    if (flags.run === undefined)
      return await exporter.rangeBundle({
        tenant: flags.tenant ?? null,
        from: flags.from as number,
        to: flags.to as number,
        ...anchor,
      });
    const bundle = await exporter.runBundle(flags.run, null, anchor);
    if (bundle === null)
      throw new BundleError('BUNDLE_SUBJECT_NOT_FOUND', `no run ${flags.run} in this ledger`, {
        runId: flags.run,
      });
    return bundle.content;
  } finally {
    await log.close();
  }
}

/**
 * Writes the bundle durably (replaceFileDurably: a reader never sees half a bundle). Without `force` an existing
 * file is refused: an exclusive create claims the name first, so evidence is never overwritten by accident.
 */
function writeBundleFile(path: string, bundle: string, force: boolean): void {
  if (!force) {
    try {
      closeSync(openSync(path, 'wx', 0o644));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new MirError(
          'FILE_EXISTS',
          `${path} exists: choose another --out, or add --force to replace it`,
          {
            path,
          },
        );
      throw error;
    }
  }
  try {
    replaceFileDurably(path, Buffer.from(bundle), { mode: 0o644 });
  } catch (error) {
    if (!force) rmSync(path, { force: true }); // the name this call claimed, still empty
    throw error;
  }
}

function position(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError('not a ledger position');
  return number;
}

function positions(value: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), position(value)];
}
