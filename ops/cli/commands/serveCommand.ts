import type { Command } from 'commander';
import { STORE_OPTION } from '../ledgerTarget.js';
import { pino } from 'pino';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import type { ConfigFlags } from '../../config/runtimeConfig.js';
import { describeStore } from '../../store/storeLocation.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the GraphQL API (/graphql), /healthz, /readyz and /metrics over the ledger (the embedded SQLite file, or --store)',
    )
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--host <host>', 'interface to listen on (default 127.0.0.1, env MIR_HOST)')
    .option('--port <port>', 'port (default 4000, env MIR_PORT)')
    .option(
      '--cors-origins <list>',
      'comma-separated browser origins allowed (default none, env MIR_CORS_ORIGINS)',
    )
    .option(
      '--witnesses <list>',
      'witnesses to submit checkpoints to: <url>=<witness verifier key>, comma-separated (env MIR_WITNESSES)',
    )
    .action(async (flags: ConfigFlags) => serve(flags));
}

async function serve(flags: ConfigFlags): Promise<void> {
  const config = loadRuntimeConfig(flags);
  const logger = pino({ name: 'mir' });
  // Listening before anything is announced: a signal that arrives before a listener exists kills the process at
  // once (the kernel's default action), so a supervisor that stops MIR right after "MIR ready" would skip the
  // graceful stop. A stop asked for during start-up takes effect once start-up is done.
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // Loaded here, not at the top: every other command starts without compiling or loading the whole server.
  const { startMirRuntime } = await import('../../runtime/mirRuntime.js');
  const runtime = await startMirRuntime(config, logger);
  if (runtime.bootstrapKey !== null) {
    // Printed once, on the first start only, so a newcomer can call the API at once; keys/admin.token keeps it.
    process.stdout.write(
      `\nA first admin API key was created (tenant "${runtime.bootstrapKey.tenant}"), saved to ${config.dataDir.keysDir}/admin.token:\n` +
        `  ${runtime.bootstrapKey.token}\n` +
        `Try: curl -s ${runtime.url}/graphql -H "authorization: Bearer $(cat ${config.dataDir.keysDir}/admin.token)" ` +
        `-H 'content-type: application/json' -d '{"query":"{ ledger { head origin } }"}'\n\n`,
    );
  }
  logger.info(
    {
      url: `${runtime.url}/graphql`,
      dataDir: config.dataDir.root,
      store: describeStore(config.store),
      origin: runtime.ledger.origin,
      verifierKey: runtime.ledger.verifierKey,
    },
    'MIR ready',
  );
  const signal = await stopRequested;
  logger.info({ signal }, 'shutting down: finishing requests, draining appends, signing a final checkpoint');
  await runtime.close();
  logger.info('stopped');
}
