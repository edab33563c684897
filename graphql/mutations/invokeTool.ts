import { builder } from '../builder.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { InvokeToolResultType, RecordToolResultResultType } from '../types/toolCallResult.js';
import { badInputError } from '../access/accessErrors.js';
import { shortTextSchema } from '../types/validators.js';
import { governedCommand } from './governedCommand.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

builder.mutationField('invokeTool', (t) =>
  t.field({
    type: InvokeToolResultType,
    authScopes: { can: 'toolWrite' },
    description:
      "Calls a registered tool within a run: args checked against the tool's input schema, run and budget, rate " +
      "limit, risk score, then your tenant's policy set. Every outcome is recorded on the run's stream, refusals " +
      'included. To resume a call a reviewer approved, send the same args with its `approvalId`. A retry with the ' +
      'same idempotency key returns the recorded result without running the tool again.',
    args: {
      ...runIdArgs(),
      tool: t.arg.string({ required: true, validate: shortTextSchema }),
      version: t.arg.string({ required: true, validate: shortTextSchema }),
      args: t.arg({ type: JsonScalar, required: true }),
      approvalId: t.arg.id(),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      governedCommand(context, (governance) =>
        governance.toolCalls.invokeTool(
          {
            runId: String(args.runId),
            tool: args.tool,
            version: args.version,
            args: args.args ?? null,
            ...(args.approvalId == null ? {} : { approvalId: String(args.approvalId) }),
          },
          governedOrigin(context, args.idempotencyKey),
        ),
      ),
  }),
);

builder.mutationField('recordToolResult', (t) =>
  t.field({
    type: RecordToolResultResultType,
    authScopes: { can: 'toolWrite' },
    description:
      'Reports the outcome of an app-executed call you hold a grant for: exactly one of `output` (checked against ' +
      "the tool's output schema) and `error`. A grant works once, for the key it was issued to, until it expires.",
    args: {
      ...runIdArgs(),
      callId: t.arg.id({ required: true }),
      grantId: t.arg.id({ required: true }),
      output: t.arg({ type: JsonScalar }),
      error: t.arg.string({ validate: shortTextSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) => {
      if ((args.output === undefined) === (args.error == null))
        throw badInputError('give exactly one of output and error');
      return governedCommand(context, (governance) =>
        governance.toolCalls.recordToolResult(
          {
            runId: String(args.runId),
            callId: String(args.callId),
            grantId: String(args.grantId),
            outcome: args.error == null ? { output: args.output ?? null } : { error: args.error },
          },
          governedOrigin(context, args.idempotencyKey),
        ),
      );
    },
  }),
);
