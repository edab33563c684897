import { RUN_BUDGET_LIMITS } from '../../domain/index.js';
import type { RunBudgetLimit } from '../../domain/index.js';
import { builder } from '../builder.js';
import { START_ERRORS } from '../types/errorTypes.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { RunBudgetInput, RunCommandPayloadType } from '../types/runCommandPayload.js';
import { commandOrigin, executeRunCommand } from './executeRunCommand.js';
import { idempotencyKeyArgs } from './mutationArgs.js';

builder.mutationField('startRun', (t) =>
  t.field({
    type: RunCommandPayloadType,
    authScopes: { can: 'runWrite' },
    errors: { types: START_ERRORS, directResult: true },
    description: 'Starts a run of your tenant. With an idempotency key, the run id derives from the key.',
    args: {
      goal: t.arg.string({ required: true }),
      agent: t.arg.string({ required: true }),
      input: t.arg({ type: JsonScalar }),
      budget: t.arg({ type: RunBudgetInput }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) => {
      const origin = commandOrigin(context, args.idempotencyKey);
      const budget: Partial<Record<RunBudgetLimit, number>> = {};
      for (const limit of RUN_BUDGET_LIMITS) {
        const value = args.budget?.[limit];
        if (value != null) budget[limit] = value;
      }
      const command = {
        type: 'StartRun',
        runId: context.deps.runs.newRunId(origin),
        goal: args.goal,
        agent: args.agent,
        input: args.input ?? null,
        budget,
      } as const;
      return executeRunCommand(context, command, origin);
    },
  }),
);
