import { formatTime } from '../../ui/format.js';
import { asData, count, digest, joined, list, nameAtVersion, text } from './eventData.js';
import type { EventData } from './eventData.js';

/**
 * What a summary may know besides the event itself: the tool of each call seen earlier in the run, and the label
 * of each API key seen acting (events name keys by id).
 */
export interface SummaryMemory {
  readonly tools: Map<string, string>;
  readonly people: Map<string, string>;
}

export type Summarize = (data: EventData, memory: SummaryMemory) => string;

/** The tool a later event of call `callId` is about (its `ToolCallRequested` named it). */
function toolOf(data: EventData, memory: SummaryMemory): string {
  return memory.tools.get(text(data, 'callId')) ?? 'tool call';
}

/** The key or person a field names: the key's label when it was seen acting, else the id as recorded. */
function who(data: EventData, key: string, memory: SummaryMemory): string {
  const id = text(data, key);
  return memory.people.get(id) ?? id;
}

/** A time field in the reader's time zone. */
function when(data: EventData, key: string): string {
  return formatTime(text(data, key));
}

function quoted(value: string): string {
  return `“${value}”`;
}

const RUN: Readonly<Record<string, Summarize>> = {
  RunStarted: (data) => {
    const fork = asData(data['forkedFrom']);
    const origin =
      data['forkedFrom'] === undefined
        ? ''
        : ` · fork of run ${text(fork, 'runId')} at step ${count(fork, 'step') ?? '?'}`;
    return `Run started by agent ${text(data, 'agent')}: ${quoted(text(data, 'goal'))}${origin}`;
  },
  StepRecorded: (data) =>
    `Step ${count(data, 'stepNumber') ?? '?'} · ${text(data, 'kind')}: ${text(data, 'summary', '')}`,
  RunCompleted: () => 'Run completed',
  RunFailed: (data) => {
    const budget = asData(data['budgetExceeded']);
    const over =
      data['budgetExceeded'] === undefined
        ? ''
        : ` · budget ${text(budget, 'budget')} ${count(budget, 'actual') ?? '?'} over limit ${count(budget, 'limit') ?? '?'}`;
    return `Run failed: ${text(data, 'reason')}${over}`;
  },
  RunCancelled: (data, memory) =>
    `Run cancelled by ${who(data, 'cancelledBy', memory)}: ${quoted(text(data, 'reason'))}`,
};

const INFERENCE: Readonly<Record<string, Summarize>> = {
  InferenceRequested: (data) =>
    `Inference requested · ${nameAtVersion(data, 'model')} · model ${digest(asData(data['model']), 'sha256')} · ` +
    `input ${digest(data, 'inputDigest')}`,
  InferenceCompleted: (data) =>
    `Inference ${nameAtVersion(data, 'model')} · model ${digest(asData(data['model']), 'sha256')} · ` +
    `${text(data, 'executionProvider')} · ${count(data, 'latencyMs') ?? '?'} ms · output ${digest(data, 'outputDigest')}`,
  InferenceFailed: (data) =>
    `Inference ${nameAtVersion(data, 'model')} failed: ${text(data, 'reason')} — ${text(data, 'message', '')}`,
};

const TOOL_CALLS: Readonly<Record<string, Summarize>> = {
  ToolCallRequested: (data, memory) => {
    const tool = nameAtVersion(data, 'tool');
    memory.tools.set(text(data, 'callId'), tool);
    const compensates = data['compensates'] === undefined ? '' : ' · compensating call';
    return `Tool call ${tool} requested · args ${digest(data, 'argsDigest')}${compensates}`;
  },
  PolicyDecided: (data, memory) => {
    const version = count(data, 'policySetVersion');
    const risk = count(data, 'riskScore');
    return (
      `Policy ${text(data, 'outcome')} for ${toolOf(data, memory)} · ` +
      `determined by ${joined(data, 'determiningPolicies', 'no policy')} · ` +
      `${version === null ? 'no policy set' : `policy set v${version}`}` +
      `${risk === null ? '' : ` · risk ${risk.toFixed(2)}`}${data['approved'] === true ? ' · with approval' : ''}`
    );
  },
  ToolCallDenied: (data) =>
    `Tool call ${nameAtVersion(data, 'tool')} denied: ${text(data, 'reason')} — ${text(data, 'message', '')}`,
  ToolCallCompleted: (data, memory) =>
    `Tool call ${toolOf(data, memory)} completed · output ${digest(data, 'outputDigest')}`,
  ToolCallFailed: (data, memory) =>
    `Tool call ${toolOf(data, memory)} failed: ${text(data, 'reason')} — ${text(data, 'message', '')}`,
  ToolGrantIssued: (data, memory) =>
    `Grant for ${toolOf(data, memory)} issued to ${who(data, 'issuedTo', memory)} · expires ${when(data, 'expiresAt')}`,
  ToolResultRefused: (data, memory) =>
    `Result for ${toolOf(data, memory)} refused: ${text(data, 'reason')} — ${text(data, 'message', '')}`,
};

const APPROVALS: Readonly<Record<string, Summarize>> = {
  ApprovalRequested: (data, memory) =>
    `Approval requested for ${nameAtVersion(data, 'tool')} by ${who(data, 'requestedBy', memory)} · ` +
    `policies ${joined(data, 'determiningPolicies', 'none')} · expires ${when(data, 'expiresAt')}`,
  ApprovalGranted: (data, memory) =>
    `Approval granted by ${who(data, 'decidedBy', memory)}: ${quoted(text(data, 'reason'))}`,
  ApprovalDenied: (data, memory) =>
    `Approval denied by ${who(data, 'decidedBy', memory)}: ${quoted(text(data, 'reason'))}`,
  ApprovalExpired: (data) => `Approval expired (deadline ${when(data, 'expiresAt')})`,
  ApprovalRefused: (data, memory) =>
    `Approval decision by ${who(data, 'attemptedBy', memory)} refused: ${text(data, 'reason')} — ${text(data, 'message', '')}`,
  ApprovalGrantRefused: (data, memory) =>
    `Approval grant presented by ${who(data, 'presentedBy', memory)} refused: ${text(data, 'reason')}`,
  ApprovalGrantUsed: (data, memory) => `Approval grant used by ${who(data, 'usedBy', memory)}`,
};

const MEMORY_AND_REPLAY: Readonly<Record<string, Summarize>> = {
  MemoryApplied: (data, memory) =>
    `Memory applied · ${text(data, 'type')} (${text(data, 'scope')}) ${text(data, 'memoryId')} ` +
    `r${count(data, 'memoryRevision') ?? '?'} by ${who(data, 'appliedBy', memory)}`,
  MemoryApplyRefused: (data) =>
    `Memory ${text(data, 'memoryId')} refused: ${text(data, 'code')} — ${text(data, 'reason', '')}`,
  RunReplayed: (data) => {
    const counts = asData(data['counts']);
    const checks = ['state', 'inference', 'policy']
      .map((check) => [check, asData(counts[check])] as const)
      .map(
        ([check, c]) => `${check} ${count(c, 'mismatches') ?? '?'}/${count(c, 'checked') ?? '?'} mismatched`,
      );
    return `Replay: ${text(data, 'verdict')} · ${checks.join(' · ')}`;
  },
};

function pointOf(data: EventData): string {
  const point = asData(data['point']);
  const step = count(point, 'step');
  return step === null ? `position ${count(point, 'position') ?? '?'}` : `step ${step}`;
}

const ROLLBACK: Readonly<Record<string, Summarize>> = {
  RollbackStarted: (data, memory) => {
    const plan = asData(data['plan']);
    return (
      `Rollback to ${pointOf(data)} by ${who(data, 'requestedBy', memory)}: ${quoted(text(data, 'reason'))} · ` +
      `${list(plan, 'compensations').length} to compensate, ${list(plan, 'leftBehind').length} left behind`
    );
  },
  MemoryUnapplied: (data) => `Memory ${text(data, 'memoryId')} un-applied by the rollback`,
  RunRolledBack: (data) =>
    `Run rolled back · ${list(data, 'compensated').length} compensated, ${list(data, 'leftBehind').length} left behind`,
  RunRollbackFailed: (data) =>
    `Rollback failed · ${list(data, 'failed').length} compensations failed, ${list(data, 'compensated').length} compensated`,
  RollbackRefused: (data, memory) =>
    `Rollback to ${pointOf(data)} by ${who(data, 'requestedBy', memory)} refused: ${text(data, 'reason')}`,
};

/** One summary per run event type; a type not listed is shown by its name. */
export const SUMMARIES: Readonly<Record<string, Summarize>> = {
  ...RUN,
  ...INFERENCE,
  ...TOOL_CALLS,
  ...APPROVALS,
  ...MEMORY_AND_REPLAY,
  ...ROLLBACK,
};
