#!/usr/bin/env node
import { Command } from 'commander';
import { reportCliError } from './cliOutput.js';
import { registerCheckpointCommand } from './commands/checkpointCommand.js';
import { registerKeysCommand } from './commands/keysCommand.js';
import { registerModelsCommand } from './commands/modelsCommand.js';
import { registerRebuildCommand } from './commands/rebuildCommand.js';
import { registerServeCommand } from './commands/serveCommand.js';
import { registerTenantCommand } from './commands/tenantCommand.js';
import { registerVerifyCommand } from './commands/verifyCommand.js';

const program = new Command('mir').description('MIR, a Machine Intelligence Runtime').showHelpAfterError();
registerServeCommand(program);
registerVerifyCommand(program);
registerCheckpointCommand(program);
registerKeysCommand(program);
registerRebuildCommand(program);
registerModelsCommand(program);
registerTenantCommand(program);

program.parseAsync(process.argv).catch(reportCliError);
