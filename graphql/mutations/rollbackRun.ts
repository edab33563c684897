import { builder } from '../builder.js';
import { badInputError } from '../access/accessErrors.js';
import { RollbackRunResultType } from '../types/rollbackResult.js';
import { shortTextSchema } from '../types/validators.js';
import { governedCommand } from './governedCommand.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

builder.mutationField('rollbackRun', (t) =>
  t.field({
    type: RollbackRunResultType,
    authScopes: { can: 'rollback' },
    description:
      'Rolls a run of your tenant back to a point (exactly one of `toStep` and `toPosition`) by compensating ' +
      'events, never deletion: each completed reversible call after the point is undone by its declared ' +
      'compensation, latest first, as an ordinary governed call; memory applied after the point is un-applied; ' +
      'irreversible calls are listed in `leftBehind`. Your policies decide (`rollbackRun`). The run ends ' +
      '`rolled_back` or `rollback_failed`. When a policy requires an approval, the answer is pending with an ' +
      '`approvalId` a reviewer decides (`decideApproval`); then send the same rollback with it. A retry with the same idempotency key returns the recorded answer.',
    args: {
      ...runIdArgs(),
      toStep: t.arg.int(),
      toPosition: t.arg({ type: 'Position' }),
      reason: t.arg.string({ required: true, validate: shortTextSchema }),
      approvalId: t.arg.id({ description: 'Resume a rollback a reviewer approved (same run and point).' }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) => {
      if ((args.toStep == null) === (args.toPosition == null))
        throw badInputError('give exactly one of toStep and toPosition');
      const point = args.toStep == null ? { position: Number(args.toPosition) } : { step: args.toStep };
      return governedCommand(context, (governance) =>
        governance.rollback.rollbackRun(
          {
            runId: String(args.runId),
            point,
            reason: args.reason,
            ...(args.approvalId == null ? {} : { approvalId: String(args.approvalId) }),
          },
          governedOrigin(context, args.idempotencyKey),
        ),
      );
    },
  }),
);
