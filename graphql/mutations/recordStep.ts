import { builder } from '../builder.js';
import { STEP_ERRORS } from '../types/errorTypes.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { RunCommandPayloadType } from '../types/runCommandPayload.js';
import { commandOrigin, executeRunCommand } from './executeRunCommand.js';
import { ENDED_REFUSAL, idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

builder.mutationField('recordStep', (t) =>
  t.field({
    type: RunCommandPayloadType,
    authScopes: { can: 'runWrite' },
    errors: { types: STEP_ERRORS, directResult: true },
    description: `Records the next step of an active run, within its budget. ${ENDED_REFUSAL}`,
    args: {
      ...runIdArgs(),
      kind: t.arg.string({ required: true }),
      summary: t.arg.string({ required: true }),
      payload: t.arg({ type: JsonScalar }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      executeRunCommand(
        context,
        {
          type: 'RecordStep',
          runId: String(args.runId),
          kind: args.kind,
          summary: args.summary,
          payload: args.payload ?? null,
        },
        commandOrigin(context, args.idempotencyKey),
      ),
  }),
);
