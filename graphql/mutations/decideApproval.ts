import { z } from 'zod';
import { builder } from '../builder.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import {
  LedgerInputError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from '../errors/apiErrors.js';
import { ApprovalInvalidError } from '../errors/governanceApiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { ApprovalDecisionEnum, ApprovalDecisionType } from '../types/approval.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

const reasonSchema = z.string().min(1).max(4096);

builder.mutationField('decideApproval', (t) =>
  t.field({
    type: ApprovalDecisionType,
    authScopes: { can: 'approvalDecide' },
    errors: {
      types: [
        RunNotFoundError,
        RunNotActiveError,
        ApprovalInvalidError,
        ConcurrencyConflictError,
        LedgerInputError,
      ],
      directResult: true,
    },
    description:
      "Approves or rejects a pending approval of your tenant's run. Every outcome is recorded on the run's stream " +
      '(`ApprovalDecision`), refusals included (the requester may not decide its own request); the error members ' +
      'mean nothing was recorded. After an approval the app calls `invokeTool` again with the same args and the ' +
      '`approvalId`; the grant works once.',
    args: {
      ...runIdArgs(),
      approvalId: t.arg.id({ required: true, validate: z.string().min(1).max(256) }),
      decision: t.arg({ type: ApprovalDecisionEnum, required: true }),
      reason: t.arg.string({ required: true, validate: reasonSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const governance = governanceOf(context);
      let result;
      try {
        result = await governance.approvals.decideApproval(
          {
            runId: String(args.runId),
            approvalId: String(args.approvalId),
            decision: args.decision,
            reason: args.reason,
          },
          governedOrigin(context, args.idempotencyKey),
        );
      } catch (error) {
        throw toApiError(error);
      }
      const last = result.events.at(-1);
      if (last !== undefined) await context.deps.waitForProjection(last.position);
      return result;
    },
  }),
);
