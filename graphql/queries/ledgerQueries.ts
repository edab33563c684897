import { builder } from '../builder.js';
import { badInputError } from '../access/accessErrors.js';
import { LedgerInfoType } from '../types/ledgerInfo.js';
import { VerificationReportType } from '../types/verificationReport.js';

/** The range `verifyLedger` and `ledgerVerification` hand to the verifier; BAD_USER_INPUT when `from` > `to`. */
export function verificationRange(args: { from?: number | null; to?: number | null }) {
  if (args.from != null && args.to != null && args.from > args.to) {
    throw badInputError('`from` must not be after `to`', { from: args.from, to: args.to });
  }
  return {
    ...(args.from == null ? {} : { fromPosition: args.from }),
    ...(args.to == null ? {} : { toPosition: args.to }),
  };
}

builder.queryFields((t) => ({
  ledger: t.field({
    type: LedgerInfoType,
    authScopes: { can: 'read' },
    description: 'Head, origin, latest signed checkpoint and the signer verifier keys.',
    resolve: () => ({}),
  }),
  verifyLedger: t.field({
    type: VerificationReportType,
    authScopes: { can: 'verify' },
    description:
      'Recomputes every hash, chain, Merkle root and signature (reads only). `from`/`to` bound the positions ' +
      "handed to the runtime's verifier (chains are still checked from genesis). For an independent check, run " +
      '`mir verify` with your pinned key: this answer comes from the server you are checking.',
    args: {
      from: t.arg({ type: 'Position' }),
      to: t.arg({ type: 'Position' }),
    },
    resolve: (_root, args, context) => context.deps.verifyLedger(verificationRange(args)),
  }),
}));
