import type { Command } from 'commander';
import { pino } from 'pino';
import {
  ADD_CHECKPOINT_PATH,
  createWitnessHttpServer,
  openWitness,
  ensureWitnessDir,
  witnessVerifierKey,
} from '../../../ledger/index.js';
import { ConfigError } from '../../config/runtimeConfig.js';
import { lockDataDir } from '../../dataDirLock.js';
import { listen } from '../../server/listen.js';
import { systemClock } from '../../system/systemClock.js';

interface WitnessFlags {
  state: string;
  logKey: string[];
  name?: string;
  host: string;
  port: string;
  printKey?: boolean;
}

/** Default port of `mir witness` (the API's default is 4000). */
const DEFAULT_WITNESS_PORT = '4100';

export function registerWitnessCommand(program: Command): void {
  program
    .command('witness')
    .description('run a C2SP tlog-witness that cosigns checkpoints consistent with the last it cosigned')
    .requiredOption(
      '--state <dir>',
      "the witness's own directory: its key (keys/), what it cosigned (state.json)",
    )
    .option(
      '--log-key <verifierKey>',
      'C2SP verifier key of a log to witness (mir keys public); repeat for several logs or keys',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--name <name>', 'the witness key name (default mir.witness/<hash of its public key>)')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', `port (0: any free port)`, DEFAULT_WITNESS_PORT)
    .option('--print-key', 'print the witness verifier key clients configure, and exit')
    .action(async (flags: WitnessFlags) => {
      if (flags.printKey === true) {
        process.stdout.write(`${witnessVerifierKey(flags.state, flags.name)}\n`);
        return;
      }
      await runWitness(flags);
    });
}

/** Holds the state directory's lock from before the state is read until the server has closed. */
async function runWitness(flags: WitnessFlags): Promise<void> {
  if (flags.logKey.length === 0)
    throw new ConfigError('mir witness needs at least one --log-key <verifier key>');
  const port = Number(flags.port);
  if (!/^\d{1,5}$/.test(flags.port) || port > 65_535)
    throw new ConfigError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(flags.port)}`);
  const logger = pino({ name: 'mir-witness' });
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  ensureWitnessDir(flags.state);
  const unlock = lockDataDir(flags.state, 'mir witness');
  try {
    const witness = openWitness({
      stateDir: flags.state,
      name: flags.name,
      logKeys: flags.logKey,
      clock: systemClock,
    });
    const server = createWitnessHttpServer(witness, logger);
    const address = await listen(server, port, flags.host);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    process.stdout.write(`${witness.verifierKey}\n`);
    logger.info(
      {
        url: `http://${host}:${address.port}${ADD_CHECKPOINT_PATH}`,
        name: witness.name,
        verifierKey: witness.verifierKey,
        logs: witness.origins,
      },
      'witness ready',
    );
    const signal = await stopRequested;
    logger.info({ signal }, 'witness stopping');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  } finally {
    unlock();
  }
}
