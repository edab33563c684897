import type { Command } from 'commander';
import { MirError } from '../../domain/index.js';
import { storeLocation } from '../config/runtimeConfig.js';
import { existingDataDirectory, resolveDataDirectory } from '../dataDirectory.js';
import type { DataDirectory } from '../dataDirectory.js';
import { describeStore } from '../store/storeLocation.js';
import type { StoreLocation } from '../store/storeLocation.js';

/** What a CLI command that opens the ledger works on: a data directory and the store its ledger lives in. */
export interface LedgerTarget {
  readonly dir: DataDirectory;
  readonly store: StoreLocation;
}

export interface LedgerTargetFlags {
  readonly data?: string;
  readonly store?: string;
}

/** `--store` as every command that opens the ledger declares it (`mir serve` included). */
export const STORE_OPTION = [
  '--store <location>',
  'the ledger: postgres://… (a shared PostgreSQL ledger; ?schema=, default mir) or unset for the data ' +
    "directory's SQLite file (env MIR_STORE)",
] as const;

/** Adds `--data` and `--store` to a command that opens the ledger. */
export function ledgerTargetOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION);
}

/**
 * `--data` and `--store` (else `MIR_DATA_DIR`, `MIR_STORE`). On the default SQLite store the data directory must
 * hold a ledger (existingDataDirectory's refusals); on PostgreSQL it need not exist: the ledger is not in it.
 * @throws ConfigError CONFIG_INVALID for a store that is not a PostgreSQL URL (password redacted).
 */
export function ledgerTarget(flags: LedgerTargetFlags, env: NodeJS.ProcessEnv = process.env): LedgerTarget {
  const store = storeLocation(flags.store ?? env.MIR_STORE, resolveDataDirectory(flags.data, env));
  const dir =
    store.kind === 'sqlite' ? existingDataDirectory(flags.data, env) : resolveDataDirectory(flags.data, env);
  return { dir, store };
}

/** A command, or one of its modes, that only works on the data directory's own SQLite ledger. */
export class StoreNotSupportedError extends MirError<'STORE_NOT_SUPPORTED'> {
  constructor(what: string, store: StoreLocation, why: string) {
    super('STORE_NOT_SUPPORTED', `${what} does not work on ${describeStore(store)}: ${why}`, {
      what,
      store: store.kind,
    });
  }
}

/** Refuses `what` (StoreNotSupportedError, saying `why`) unless the target's ledger is the embedded SQLite file. */
export function requireEmbeddedStore(target: LedgerTarget, what: string, why: string): void {
  if (target.store.kind !== 'sqlite') throw new StoreNotSupportedError(what, target.store, why);
}
