import { builder } from '../builder.js';
import { UPDATE_ERRORS } from '../types/errorTypes.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { RunCommandPayloadType } from '../types/runCommandPayload.js';
import { commandOrigin, executeRunCommand } from './executeRunCommand.js';
import { ENDED_REFUSAL, idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

// The three ways a run ends: each a terminal event, refused once the run has ended.

const common = {
  type: RunCommandPayloadType,
  authScopes: { can: 'runWrite' },
  errors: { types: UPDATE_ERRORS, directResult: true },
} as const;

builder.mutationField('completeRun', (t) =>
  t.field({
    ...common,
    description: `Completes an active run with its output. ${ENDED_REFUSAL}`,
    args: { ...runIdArgs(), output: t.arg({ type: JsonScalar }), ...idempotencyKeyArgs() },
    resolve: (_root, args, context) =>
      executeRunCommand(
        context,
        { type: 'CompleteRun', runId: String(args.runId), output: args.output ?? null },
        commandOrigin(context, args.idempotencyKey),
      ),
  }),
);

builder.mutationField('failRun', (t) =>
  t.field({
    ...common,
    description: `Marks an active run failed, with the reason. ${ENDED_REFUSAL}`,
    args: { ...runIdArgs(), reason: t.arg.string({ required: true }), ...idempotencyKeyArgs() },
    resolve: (_root, args, context) =>
      executeRunCommand(
        context,
        { type: 'FailRun', runId: String(args.runId), reason: args.reason },
        commandOrigin(context, args.idempotencyKey),
      ),
  }),
);

builder.mutationField('cancelRun', (t) =>
  t.field({
    ...common,
    description: `Cancels an active run, with the reason; the caller is recorded as canceller. ${ENDED_REFUSAL}`,
    args: { ...runIdArgs(), reason: t.arg.string({ required: true }), ...idempotencyKeyArgs() },
    resolve: (_root, args, context) =>
      executeRunCommand(
        context,
        { type: 'CancelRun', runId: String(args.runId), reason: args.reason },
        commandOrigin(context, args.idempotencyKey),
      ),
  }),
);
