import type { Command } from 'commander';
import { pino } from 'pino';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';

interface ServeFlags {
  data?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('open (or create) the ledger, keep checkpointing it, and run until SIGINT/SIGTERM')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (flags: ServeFlags) => serve(flags));
}

async function serve(flags: ServeFlags): Promise<void> {
  const logger = pino({ name: 'mir' });
  const dir = resolveDataDirectory(flags.data);
  const { ledger, keyCreated } = await openEmbeddedLedger(dir, {
    onBackgroundError: (error) => logger.error({ err: error }, 'checkpointer failed; it will retry'),
  });
  const head = await ledger.log.headPosition();
  if (keyCreated) logger.info({ keysDir: dir.keysDir }, 'created a new checkpoint signing key (mode 0600)');
  logger.info(
    {
      dataDir: dir.root,
      origin: ledger.origin,
      events: head === null ? 0 : head + 1,
      verifierKey: ledger.verifierKey,
    },
    'ledger ready',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down: draining appends and signing a final checkpoint');
  await ledger.checkpointNow();
  await ledger.close();
  logger.info('ledger closed');
}
