#!/usr/bin/env node
import { Command } from 'commander';
import { reportCliError } from './cliOutput.js';
import { registerCheckpointCommand } from './commands/checkpointCommand.js';
import { registerExplainCommand } from './commands/explainCommand.js';
import { registerExportCommand } from './commands/exportCommand.js';
import { registerForkCommand } from './commands/forkCommand.js';
import { registerKeysCommand } from './commands/keysCommand.js';
import { registerModelsCommand } from './commands/modelsCommand.js';
import { registerRebuildCommand } from './commands/rebuildCommand.js';
import { registerReplayCommand } from './commands/replayCommand.js';
import { registerRollbackCommand } from './commands/rollbackCommand.js';
import { registerServeCommand } from './commands/serveCommand.js';
import { registerTenantCommand } from './commands/tenantCommand.js';
import { registerVerifyBundleCommand } from './commands/verifyBundleCommand.js';
import { registerVerifyCommand } from './commands/verifyCommand.js';
import { packageVersion } from './packageVersion.js';

// Commander's own errors (unknown option, missing argument) are thrown rather than printed, so that every error
// reaches reportCliError and reads the same: one `mir: …` line on stderr. Subcommands inherit both settings.
const program = new Command('mir')
  .description('MIR, a Machine Intelligence Runtime')
  .version(packageVersion(), '-V, --version', 'print the version')
  .enablePositionalOptions() // `models add --version 1` is the model's version, not mir's
  .exitOverride()
  .configureOutput({ outputError: () => undefined });
registerServeCommand(program);
registerVerifyCommand(program);
registerVerifyBundleCommand(program);
registerExportCommand(program);
registerCheckpointCommand(program);
registerExplainCommand(program);
registerKeysCommand(program);
registerRebuildCommand(program);
registerModelsCommand(program);
registerTenantCommand(program);
registerForkCommand(program);
registerReplayCommand(program);
registerRollbackCommand(program);

program.parseAsync(process.argv).catch(reportCliError);
