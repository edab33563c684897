import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { MEMORY_SCOPES, MEMORY_TYPES, RUN_BUDGET_LIMITS, RunError } from '../../domain/index.js';
import type { RunCommand } from '../../domain/index.js';
import { notFoundError } from '../access/accessErrors.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { commandOrigin, executeRunCommand } from '../mutations/executeRunCommand.js';
import { governedCommand } from '../mutations/governedCommand.js';
import { governedOrigin } from '../mutations/governedOrigin.js';
import { instantSchema, shortTextSchema } from '../types/validators.js';
import { COMPLETION_VERBS } from './completionVerbs.js';
import { eventRefs, toolCallToolResult, verbToolResult } from './mcpOutcome.js';
import { idempotencyKey, runId, verb } from './mirVerb.js';
import type { MirVerb } from './mirVerb.js';

const json = z.json();

/** Runs a run command exactly as the GraphQL mutation does; answers the run's id, status and the events. */
async function runCommand(
  context: GraphqlContext,
  command: VerbCommand,
  key: string | undefined,
): Promise<CallToolResult> {
  const { run, events, replayed } = await executeRunCommand(context, command, commandOrigin(context, key));
  const value = { runId: run.runId, status: run.status, events: eventRefs(events), replayed };
  return verbToolResult(RUN_COMMAND_VERBS[command.type], value);
}

/** The run commands MCP offers, each as a verb. */
type VerbCommand = Extract<RunCommand, { type: 'StartRun' | 'RecordStep' | 'CompleteRun' | 'FailRun' }>;
const RUN_COMMAND_VERBS: Readonly<Record<VerbCommand['type'], string>> = {
  StartRun: 'mir.start_run',
  RecordStep: 'mir.record_step',
  CompleteRun: 'mir.complete_run',
  FailRun: 'mir.fail_run',
};

const startRun = verb({
  name: 'mir.start_run',
  capability: 'runWrite',
  root: 'Mutation',
  description:
    'Starts a run of your tenant (`RunStarted`); every governed tool call names its run. With an idempotency ' +
    'key the run id derives from the key.',
  input: z.strictObject({
    goal: z.string().min(1).max(4096),
    agent: shortTextSchema,
    input: json.optional(),
    budget: z.partialRecord(z.enum(RUN_BUDGET_LIMITS), z.number().int()).optional(),
    idempotencyKey,
  }),
  call: (context, args) => {
    const origin = commandOrigin(context, args.idempotencyKey);
    const command = {
      type: 'StartRun',
      runId: context.deps.runs.newRunId(origin),
      goal: args.goal,
      agent: args.agent,
      input: args.input ?? null,
      budget: args.budget ?? {},
    } as const;
    return runCommand(context, command, args.idempotencyKey);
  },
});

const recordStep = verb({
  name: 'mir.record_step',
  capability: 'runWrite',
  root: 'Mutation',
  description: 'Records the next step of an active run (`StepRecorded`), within its budget.',
  input: z.strictObject({
    runId,
    kind: shortTextSchema,
    summary: z.string().min(1).max(4096),
    payload: json.optional(),
    idempotencyKey,
  }),
  call: (context, args) =>
    runCommand(
      context,
      {
        type: 'RecordStep',
        runId: args.runId,
        kind: args.kind,
        summary: args.summary,
        payload: args.payload ?? null,
      },
      args.idempotencyKey,
    ),
});

const completeRun = verb({
  name: 'mir.complete_run',
  capability: 'runWrite',
  root: 'Mutation',
  description: 'Completes an active run with its output (`RunCompleted`); refused once the run has ended.',
  input: z.strictObject({ runId, output: json.optional(), idempotencyKey }),
  call: (context, args) =>
    runCommand(
      context,
      { type: 'CompleteRun', runId: args.runId, output: args.output ?? null },
      args.idempotencyKey,
    ),
});

const failRun = verb({
  name: 'mir.fail_run',
  capability: 'runWrite',
  root: 'Mutation',
  description: 'Marks an active run failed, with the reason (`RunFailed`); refused once the run has ended.',
  input: z.strictObject({ runId, reason: z.string().min(1).max(4096), idempotencyKey }),
  call: (context, args) =>
    runCommand(context, { type: 'FailRun', runId: args.runId, reason: args.reason }, args.idempotencyKey),
});

const proposeMemory = verb({
  name: 'mir.propose_memory',
  capability: 'memoryWrite',
  root: 'Mutation',
  description:
    'Proposes a memory (`MemoryProposed`): a reviewer other than you must approve it before a run may use it. ' +
    'Run-scoped memory and episodes name their source event ids in `provenance`.',
  input: z.strictObject({
    type: z.enum(MEMORY_TYPES),
    scope: z.enum(MEMORY_SCOPES),
    scopeId: shortTextSchema.optional(),
    content: z
      .string()
      .min(1)
      .max(64 * 1024),
    provenance: z.array(z.string().min(1).max(256)).max(256).optional(),
    expiresAt: instantSchema.optional(),
    idempotencyKey,
  }),
  call: async (context, args) => {
    const result = await governedCommand(context, (governance) =>
      governance.memory.propose(
        {
          type: args.type,
          scope: args.scope,
          scopeId: args.scopeId ?? null,
          content: args.content,
          provenance: args.provenance ?? [],
          expiresAt: args.expiresAt ?? null,
        },
        governedOrigin(context, args.idempotencyKey),
      ),
    );
    const { memoryId, state, events, replayed } = result;
    const value = { memoryId, status: state.status, events: eventRefs(events), replayed };
    return verbToolResult('mir.propose_memory', value);
  },
});

const recordToolResult = verb({
  name: 'mir.record_tool_result',
  capability: 'toolWrite',
  root: 'Mutation',
  description:
    'Reports the outcome of an app-executed call you hold a grant for (a call answered `granted`): exactly one ' +
    "of `output` (checked against the tool's output schema) and `error`. A grant works once, until it expires.",
  input: z
    .strictObject({
      runId,
      callId: shortTextSchema,
      grantId: shortTextSchema,
      output: json.optional(),
      error: shortTextSchema.optional(),
      idempotencyKey,
    })
    .refine((args) => (args.output === undefined) !== (args.error === undefined), {
      message: 'give exactly one of output and error',
    }),
  call: async (context, args) => {
    const result = await governedCommand(context, (governance) =>
      governance.toolCalls.recordToolResult(
        {
          runId: args.runId,
          callId: args.callId,
          grantId: args.grantId,
          outcome: args.error === undefined ? { output: args.output ?? null } : { error: args.error },
        },
        governedOrigin(context, args.idempotencyKey),
      ),
    );
    return toolCallToolResult('mir.record_tool_result', result);
  },
});

const approvalStatus = verb({
  name: 'mir.approval_status',
  capability: 'read',
  root: 'Query',
  description:
    "Where an approval of your run stands, as the run's stream tells it: pending, granted (resume the call " +
    'with its approvalId), denied, expired or used.',
  input: z.strictObject({ runId, approvalId: shortTextSchema }),
  call: async (context, args) => {
    const head = await context.deps.log.headPosition();
    const tenant = principalOf(context).tenant;
    const run = head === null ? null : await context.deps.runAsOf(tenant, args.runId, head);
    if (run === null)
      throw new RunError('RUN_NOT_FOUND', `run ${args.runId} not found`, { runId: args.runId });
    const approval = run.state.approvals.get(args.approvalId);
    if (approval === undefined) throw notFoundError(`approval ${args.approvalId} of run ${args.runId}`);
    const now = (context.deps.clock ?? { now: () => Date.now() }).now();
    const { status, callId, tool, expiresAt, grantExpiresAt } = approval;
    return verbToolResult('mir.approval_status', {
      approvalId: approval.approvalId,
      runId: args.runId,
      runStatus: run.state.status,
      status: status === 'pending' && now > expiresAt ? 'expired' : status,
      callId,
      tool: { ...tool },
      expiresAt: new Date(expiresAt).toISOString(),
      grantExpiresAt: grantExpiresAt === null ? null : new Date(grantExpiresAt).toISOString(),
    });
  },
});

/** MIR's own verbs, by MCP tool name. Governed tools never use the `mir.` prefix here (see `tenantTools`). */
export const MIR_VERBS: ReadonlyMap<string, MirVerb> = new Map(
  [
    startRun,
    recordStep,
    completeRun,
    failRun,
    proposeMemory,
    recordToolResult,
    approvalStatus,
    ...COMPLETION_VERBS,
  ].map((entry) => [entry.name, entry]),
);

/** The prefix of MIR's verbs: a tenant tool under it is not offered over MCP (the verb would shadow it). */
export const MIR_VERB_PREFIX = 'mir.';
