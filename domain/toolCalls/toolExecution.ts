import { referenceOf } from '../runs/runRecords.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent } from '../ports/eventLog.js';
import { resolveCompensation } from '../tools/compensation.js';
import type { SchemaValidator } from '../tools/schemaValidator.js';
import { checkToolOutput } from '../tools/toolArgs.js';
import { ToolError, isToolError } from '../tools/toolErrors.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import { isMcpError } from '../mcp/mcpErrors.js';
import type { ToolExecutor } from '../tools/toolExecutor.js';
import type { Digester, GovernedOrigin } from './ports.js';
import type { RunEndWatch } from './runEndWatch.js';
import type { RunStreamWriter } from '../runs/runStreamWriter.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { ToolCallCompletedData, ToolCallFailedData } from './toolCallEvents.js';
import type { ToolCallResult } from './toolCallResult.js';

export interface ExecutionDependencies {
  readonly clock: Clock;
  readonly executor: ToolExecutor;
  readonly schemas: SchemaValidator;
  readonly digester: Digester;
  readonly writer: RunStreamWriter;
  readonly runEnds: RunEndWatch;
}

/** How a call ended: the output it returned, or why it did not. */
export type CallSettlement =
  | { readonly ok: true; readonly output: JsonValue }
  | { readonly ok: false; readonly reason: string; readonly message: string };

export type CallOutcome = Extract<ToolCallResult, { outcome: 'completed' | 'failed' }>;

/**
 * Runs an allowed runtime tool with its declared timeout and records the outcome. If the run ends meanwhile
 * (`cancelRun`, here or in another process), the tool's signal is aborted and the call fails `TOOL_ABORTED`. The
 * outcome is appended whatever the run's status by then: the tool ran (or began to), and its effect is a fact the
 * ledger must hold (a cancelled run still shows what was done, so rollback can find it).
 */
export async function executeAndRecord(
  deps: ExecutionDependencies,
  runId: string,
  callId: string,
  tool: RegisteredTool,
  args: JsonValue,
  origin: GovernedOrigin,
  before: readonly AppendedEvent[],
): Promise<CallOutcome> {
  let settlement: CallSettlement;
  const requested = before.at(-1);
  const runEnd = requested === undefined ? null : deps.runEnds.watch(runId, requested);
  try {
    const { output } = await deps.executor.execute(tool, args, {
      tenant: origin.tenant,
      timeoutMs: tool.timeoutMs,
      ...(runEnd === null ? {} : { signal: runEnd.signal }),
    });
    settlement = { ok: true, output };
  } catch (error) {
    // An MCP tool's failures (an error result, a server that went away, a changed definition) keep their codes.
    const failure =
      isToolError(error) || isMcpError(error)
        ? error
        : new ToolError('TOOL_FAILED', 'the tool executor failed', {});
    settlement = { ok: false, reason: failure.code, message: failure.message };
  } finally {
    runEnd?.stop();
  }
  const planned = settle(deps, tool, callId, args, settlement, null);
  // The outcome follows from the call's request: explain walks from it to the command that asked.
  const written = await deps.writer.write(runId, origin, (state) => ({
    events: [{ ...planned.event, causationId: state.calls.get(callId)?.requestedEventId }],
    value: planned.result,
  }));
  return { ...written.value, events: [...before, ...written.appended.map(referenceOf)] };
}

/**
 * The outcome event of a settled call (`grantId`: the app grant it was reported with). Output is checked against
 * the tool's output schema (a mismatch fails the call); a reversible tool's compensation is resolved now, from
 * the call's args and output, so rollback needs nothing but the event.
 */
export function settle(
  deps: Pick<ExecutionDependencies, 'schemas' | 'digester'>,
  tool: RegisteredTool,
  callId: string,
  args: JsonValue,
  settlement: CallSettlement,
  grantId: string | null,
): { event: PlannedEvent; result: CallOutcome } {
  let checked = settlement;
  if (checked.ok) {
    try {
      checkToolOutput(deps.schemas, tool, checked.output);
    } catch (error) {
      if (!isToolError(error)) throw error;
      checked = { ok: false, reason: error.code, message: error.message };
    }
  }
  if (!checked.ok) {
    const data: ToolCallFailedData = { callId, reason: checked.reason, message: checked.message, grantId };
    const result = {
      outcome: 'failed',
      callId,
      reason: checked.reason,
      message: checked.message,
      events: [],
    } as const;
    return { event: { type: 'ToolCallFailed', data }, result };
  }
  const { output } = checked;
  const { compensation, compensationProblem } = compensate(tool, args, output);
  const outputDigest = deps.digester.digest(output);
  const data: ToolCallCompletedData = {
    callId,
    outputDigest,
    output,
    compensation,
    compensationProblem,
    grantId,
  };
  const result = { outcome: 'completed', callId, output, outputDigest, compensation, events: [] } as const;
  return { event: { type: 'ToolCallCompleted', data }, result };
}

function compensate(
  tool: RegisteredTool,
  args: JsonValue,
  output: JsonValue,
): Pick<ToolCallCompletedData, 'compensation' | 'compensationProblem'> {
  if (tool.sideEffect !== 'reversible' || tool.compensation === null)
    return { compensation: null, compensationProblem: null };
  try {
    return {
      compensation: resolveCompensation(tool.compensation, { args, output }),
      compensationProblem: null,
    };
  } catch (error) {
    if (!isToolError(error)) throw error;
    return { compensation: null, compensationProblem: error.message };
  }
}
