import { builder } from '../builder.js';
import { verificationRange } from '../queries/ledgerQueries.js';
import { VerificationReportType } from '../types/verificationReport.js';
import { verificationProgress } from './verificationProgress.js';
import type { VerificationProgress } from './verificationProgress.js';

const LedgerVerificationProgressType = builder
  .objectRef<VerificationProgress>('LedgerVerificationProgress')
  .implement({
    description:
      'Progress of a ledger verification: events verified of the total so far; the last item has `done` and the ' +
      'report (the same report as `verifyLedger`).',
    fields: (t) => ({
      eventsVerified: t.field({ type: 'Position', resolve: (progress) => progress.eventsVerified }),
      total: t.field({ type: 'Position', resolve: (progress) => progress.total }),
      done: t.exposeBoolean('done'),
      report: t.field({
        type: VerificationReportType,
        nullable: true,
        description: 'On the last item only.',
        resolve: (progress) => progress.report,
      }),
    }),
  });

builder.subscriptionField('ledgerVerification', (t) =>
  t.field({
    type: LedgerVerificationProgressType,
    authScopes: { can: 'verify' },
    description:
      'Runs the verification `verifyLedger` runs (the same verifier and report) and streams its progress, at most ' +
      'ten items a second (the verifier reports every 20,000 events), then one last item with `done` and the ' +
      'report. Closing the subscription stops the verification.',
    args: {
      from: t.arg({ type: 'Position' }),
      to: t.arg({ type: 'Position' }),
    },
    subscribe: (_root, args, context) => {
      const range = verificationRange(args);
      return verificationProgress((watch) => context.deps.verifyLedger(range, watch));
    },
    resolve: (progress) => progress,
  }),
);
