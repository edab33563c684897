import type { Command } from 'commander';
import { CHECKPOINTS_STREAM } from '../../../ledger/index.js';
import type { DataDirectory } from '../../dataDirectory.js';
import { lockDataDir } from '../../dataDirLock.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { ledgerTarget, ledgerTargetOptions, requireEmbeddedStore } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import { openLedgerLog } from '../openLedgerLog.js';

interface CheckpointFlags extends LedgerTargetFlags {
  json?: boolean;
  now?: boolean;
}

export function registerCheckpointCommand(program: Command): void {
  ledgerTargetOptions(program.command('checkpoint'))
    .description('print the latest signed checkpoint (C2SP signed note) for an auditor to save')
    .option('--now', 'first sign a checkpoint covering every event committed so far (needs the signing key)')
    .option('--json', 'machine-readable output')
    .action(async (flags: CheckpointFlags) => {
      const note = flags.now === true ? await signNow(flags) : await latestNote(flags);
      if (note === null) {
        process.stderr.write('mir: the ledger has no checkpoint yet (try --now)\n');
        process.exitCode = 1;
        return;
      }
      process.stdout.write(flags.json === true ? `${JSON.stringify(note)}\n` : note.note);
    });
}

async function latestNote(flags: LedgerTargetFlags) {
  const log = await openLedgerLog(ledgerTarget(flags), { readOnly: true });
  try {
    const [latest] = await log.readStream(CHECKPOINTS_STREAM, { direction: 'backwards', maxCount: 1 });
    if (latest === undefined) return null;
    const { note, treeSize, rootHash, timestamp } = latest.data as {
      note: string;
      treeSize: number;
      rootHash: string;
      timestamp: number;
    };
    return { note, treeSize, rootHash, timestamp, position: latest.position };
  } finally {
    await log.close();
  }
}

/**
 * Signs with a checkpointer of its own, so it holds the data directory like a server: two checkpointers on one
 * ledger would race (a running server signs every second anyway: read its latest with plain `mir checkpoint`).
 */
async function signNow(flags: LedgerTargetFlags) {
  const target = ledgerTarget(flags);
  // On a shared ledger the node holding the checkpoint lease signs every second: read its latest instead.
  requireEmbeddedStore(target, 'mir checkpoint --now', 'the node holding the checkpoint lease signs');
  const { dir } = target;
  const unlock = lockDataDir(dir.root, 'mir checkpoint --now');
  try {
    return await signWithOwnCheckpointer(dir);
  } finally {
    unlock();
  }
}

async function signWithOwnCheckpointer(dir: DataDirectory) {
  const { ledger } = await openEmbeddedLedger(dir);
  try {
    const signed = await ledger.checkpointNow();
    if (signed === null) return null;
    const { treeSize, rootHash, timestamp } = signed.checkpoint;
    return { note: signed.note, treeSize, rootHash: rootHash.toString('hex'), timestamp };
  } finally {
    await ledger.close();
  }
}
