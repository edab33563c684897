import type { RecordedEvent } from '../../domain/index.js';
import { dataField } from './explainSections.js';
import type {
  ApprovalExplained,
  BudgetUse,
  Explanation,
  ModelExplained,
  PolicyDecisionExplained,
} from './explanation.js';

/** What a summary is written from: the explanation without its summary. */
export type ExplanationFacts = Omit<Explanation, 'summary'>;

const CALL_ENDINGS: Readonly<Record<string, string>> = {
  ToolCallCompleted: 'completed',
  ToolCallFailed: 'failed',
  ToolCallDenied: 'was denied',
};
/** Events that are the call itself ("alice's call to …"); other events of a call are named by type. */
const CALL_EVENTS: ReadonlySet<string> = new Set(['ToolCallRequested', ...Object.keys(CALL_ENDINGS)]);
const BUDGET_NOUNS: Readonly<Record<BudgetUse['budget'], string>> = {
  steps: 'steps',
  toolCalls: 'tool calls',
  inferenceCalls: 'inference calls',
  wallTimeMs: 'ms of wall time',
};

/**
 * One line a person can read, e.g. "alice's call to kv.set@1 on run r1 was allowed by policy allow-kv (policy set
 * v3) and completed; approved by bob; 2 memories applied; 3/10 tool calls used; covered by the signed checkpoint
 * of 40 events". Parts with nothing to say are left out.
 */
export function summarizeExplanation(facts: ExplanationFacts): string {
  const { event, run } = facts;
  const runEvents = run?.events ?? [];
  const where = run === null ? `in stream ${event.stream}` : `on run ${run.summary.runId}`;
  const head = `${event.meta.actor.id}'s ${subjectOf(event, runEvents, facts.model)} ${where}`;
  const decision = decisionPhrase(facts.policyDecisions.at(-1), callEnding(event, runEvents));
  const parts = [
    decision === null ? head : `${head} ${decision}`,
    approvalPhrase(facts.approval),
    facts.model === null ? null : modelPhrase(facts.model),
    run === null ? null : memoriesPhrase(facts.memories.length),
    ...facts.budgets.filter((use) => use.budget !== 'wallTimeMs').map(budgetPhrase),
    facts.inclusion.proof === null
      ? 'not yet covered by a signed checkpoint'
      : `covered by the signed checkpoint of ${facts.inclusion.proof.treeSize} events`,
  ];
  return parts.filter((part): part is string => part !== null).join('; ');
}

function subjectOf(
  event: RecordedEvent,
  runEvents: readonly RecordedEvent[],
  model: ModelExplained | null,
): string {
  if (model !== null) return `inference on ${model.name}@${model.version}`;
  const callId = dataField(event, 'callId');
  const requested = runEvents.find(
    (candidate) => candidate.type === 'ToolCallRequested' && dataField(candidate, 'callId') === callId,
  );
  const tool = (requested?.data as { tool?: { name: string; version: string } } | undefined)?.tool;
  if (tool === undefined) return `${event.type} event`;
  const call = `call to ${tool.name}@${tool.version}`;
  return CALL_EVENTS.has(event.type) ? call : `${event.type} on the ${call}`;
}

/** How the event's tool call ended by the event's position; null when it had not ended (or is no call). */
function callEnding(event: RecordedEvent, runEvents: readonly RecordedEvent[]): string | null {
  const callId = dataField(event, 'callId');
  if (callId === null) return null;
  const ended = runEvents.findLast(
    (candidate) => candidate.type in CALL_ENDINGS && dataField(candidate, 'callId') === callId,
  );
  return ended === undefined ? null : (CALL_ENDINGS[ended.type] ?? null);
}

function decisionPhrase(decision: PolicyDecisionExplained | undefined, ending: string | null): string | null {
  if (decision === undefined) return ending;
  const verb =
    decision.outcome === 'allow'
      ? 'was allowed'
      : decision.outcome === 'deny'
        ? 'was denied'
        : 'was held for approval';
  const ids = decision.policies.map((policy) => policy.id).join(', ');
  const by = ids === '' ? 'with no determining policy' : `by policy ${ids}`;
  const version =
    decision.policySetVersion === null ? 'no policy set' : `policy set v${decision.policySetVersion}`;
  const said = `${verb} ${by} (${version})`;
  return ending === null || ending === 'was denied' ? said : `${said} and ${ending}`;
}

function approvalPhrase(approval: ApprovalExplained | null): string | null {
  if (approval === null) return null;
  const { decision } = approval;
  if (decision === null) return `approval ${approval.approvalId} pending`;
  if (decision.outcome === 'expired') return `approval ${approval.approvalId} expired`;
  const used = approval.used === null ? '' : ', grant used';
  return `${decision.outcome === 'granted' ? 'approved' : 'refused'} by ${decision.by ?? 'nobody'}${used}`;
}

function modelPhrase(model: ModelExplained): string {
  const where = model.executionProvider === null ? '' : ` on ${model.executionProvider}`;
  return `model sha256 ${model.sha256.slice(0, 12)}…${where}`;
}

function memoriesPhrase(count: number): string {
  return `${count} ${count === 1 ? 'memory' : 'memories'} applied`;
}

function budgetPhrase(use: BudgetUse): string {
  const noun = BUDGET_NOUNS[use.budget];
  return use.limit === null ? `${use.used} ${noun} used (no limit)` : `${use.used}/${use.limit} ${noun} used`;
}
