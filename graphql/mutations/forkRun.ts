import { RUN_BUDGET_LIMITS } from '../../domain/index.js';
import type { RunBudgetLimit } from '../../domain/index.js';
import { builder } from '../builder.js';
import { toApiError } from '../errors/toApiError.js';
import { FORK_ERRORS } from '../types/errorTypes.js';
import { RunBudgetInput, RunCommandPayloadType } from '../types/runCommandPayload.js';
import { runIdSchema } from '../types/validators.js';
import { commandOrigin, runPayload } from './executeRunCommand.js';
import { idempotencyKeyArgs } from './mutationArgs.js';

builder.mutationField('forkRun', (t) =>
  t.field({
    type: RunCommandPayloadType,
    authScopes: { can: 'runWrite' },
    errors: { types: FORK_ERRORS, directResult: true },
    description:
      'Starts a new run of your tenant that continues run `runId` from right after its step `atStep` (0: right ' +
      'after its start): same goal, agent, input, steps so far and memory applied; its own budget (default the ' +
      "source's limits) with counters, wall time and approvals starting afresh; tool calls and approvals in " +
      'flight at that point do not carry over. Its first event (`RunStarted` with `forkedFrom`) names the source, ' +
      "the position and step, the digest of the source's state there, the reason and who forked. The source is " +
      'not changed. With an idempotency key, the fork id derives from the key (as startRun).',
    args: {
      runId: t.arg.id({ required: true, validate: runIdSchema, description: 'The run to fork.' }),
      atStep: t.arg.int({ required: true, description: 'The source step to continue after.' }),
      reason: t.arg.string({
        required: true,
        description: 'Why (recorded; non-empty, 4096 characters at most).',
      }),
      budget: t.arg({ type: RunBudgetInput }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const origin = commandOrigin(context, args.idempotencyKey);
      const budget: Partial<Record<RunBudgetLimit, number>> = {};
      for (const limit of RUN_BUDGET_LIMITS) {
        const value = args.budget?.[limit];
        if (value != null) budget[limit] = value;
      }
      const command = {
        type: 'ForkRun',
        runId: context.deps.runs.newRunId(origin),
        sourceRunId: String(args.runId),
        atStep: args.atStep,
        reason: args.reason,
        ...(args.budget == null ? {} : { budget }),
      } as const;
      let result;
      try {
        result = await context.deps.forks.fork(command, origin);
      } catch (error) {
        throw toApiError(error);
      }
      return runPayload(context, result.runId, command.type, result);
    },
  }),
);
