import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { PendingApprovalType } from '../types/approval.js';

builder.queryField('approvals', (t) =>
  t.field({
    type: [PendingApprovalType],
    authScopes: { can: 'approvalRead' },
    description:
      "Your tenant's pending approvals, oldest request first; `expired` marks those whose deadline has passed.",
    resolve: async (_root, _args, context) => {
      const governance = governanceOf(context);
      const now = (context.deps.clock ?? { now: () => Date.now() }).now();
      return governance.approvalQueue.pending(principalOf(context).tenant, now);
    },
  }),
);
