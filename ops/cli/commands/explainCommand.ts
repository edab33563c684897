import type { Command } from 'commander';
import { createSqliteMerkleNodeStore, ledgerProofReader } from '../../../ledger/index.js';
import { explainEvent } from '../../../projections/index.js';
import type { Explanation } from '../../../projections/index.js';
import { existingDataDirectory } from '../../dataDirectory.js';
import { policyTextsById } from '../../governance/index.js';
import { describeExplanation, explanationJson } from '../explainText.js';
import { openLedgerLog } from '../openLedgerLog.js';

interface ExplainFlags {
  data?: string;
  json?: boolean;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .argument('<eventId>', 'the id of the event to explain')
    .description(
      'explain an event from the ledger alone: its causes, the run at that point, the policies that decided, the approval, memories, model, budgets and its inclusion proof',
    )
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option('--json', 'the whole explanation as JSON')
    .action(async (eventId: string, flags: ExplainFlags) => {
      const explanation = await explainOffline(eventId, flags.data);
      if (explanation === null) {
        process.stderr.write(`mir: no event ${eventId} in this ledger\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        flags.json === true
          ? `${JSON.stringify(explanationJson(explanation), null, 2)}\n`
          : describeExplanation(explanation),
      );
    });
}

/** Reads the ledger file only (read models may be absent or behind), every tenant's events: operator tooling. */
async function explainOffline(eventId: string, data: string | undefined): Promise<Explanation | null> {
  const log = await openLedgerLog(existingDataDirectory(data), { readOnly: true });
  try {
    const sources = {
      log,
      locate: (id: string) => log.eventPosition(id),
      proofs: ledgerProofReader(log, createSqliteMerkleNodeStore(log.database)),
      splitPolicies: policyTextsById(),
    };
    return await explainEvent(sources, eventId, null);
  } finally {
    await log.close();
  }
}
