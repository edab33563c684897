import type { Command } from 'commander';
import { ledgerProofReader } from '../../../ledger/index.js';
import { explainEvent } from '../../../projections/index.js';
import type { Explanation } from '../../../projections/index.js';
import { policyTextsById } from '../../governance/index.js';
import { describeExplanation, explanationJson } from '../explainText.js';
import { openLedgerStore } from '../../store/ledgerStore.js';
import { ledgerTarget, ledgerTargetOptions } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';

interface ExplainFlags extends LedgerTargetFlags {
  json?: boolean;
}

export function registerExplainCommand(program: Command): void {
  ledgerTargetOptions(program.command('explain'))
    .argument('<eventId>', 'the id of the event to explain')
    .description(
      'explain an event from the ledger alone: its causes, the run at that point, the policies that decided, the approval, memories, model, budgets and its inclusion proof',
    )
    .option('--json', 'the whole explanation as JSON')
    .action(async (eventId: string, flags: ExplainFlags) => {
      const explanation = await explainOffline(eventId, flags);
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

/** Reads the ledger only (read models may be absent or behind), every tenant's events: operator tooling. */
async function explainOffline(eventId: string, flags: LedgerTargetFlags): Promise<Explanation | null> {
  const { log, nodes } = await openLedgerStore(ledgerTarget(flags).store, { readOnly: true });
  try {
    const sources = {
      log,
      locate: (id: string) => log.eventPosition(id),
      proofs: ledgerProofReader(log, nodes),
      splitPolicies: policyTextsById(),
    };
    return await explainEvent(sources, eventId, null);
  } finally {
    await log.close();
  }
}
