import { shownEventData } from '../../domain/index.js';
import type { RecordedEvent } from '../../domain/index.js';
import type { EventChain, Explanation } from '../../projections/index.js';

const label = (name: string) => `${name}:`.padEnd(13);
const INDENT = ' '.repeat(13);

/** An event as explain prints it: the API key secret's hash withheld, like the API does. */
function shown(event: RecordedEvent): RecordedEvent {
  return { ...event, data: shownEventData(event) };
}

/**
 * The explanation as `mir explain --json` prints it: every section, events as the API shows them; the run as its
 * fold (`state`) and summary at the event, without the stream events it was folded from.
 */
export function explanationJson(explanation: Explanation): unknown {
  const chain = (events: EventChain) => ({ ...events, events: events.events.map(shown) });
  const { run } = explanation;
  return {
    ...explanation,
    event: shown(explanation.event),
    causes: {
      causation: chain(explanation.causes.causation),
      correlation: chain(explanation.causes.correlation),
    },
    run: run === null ? null : { state: run.state, summary: run.summary, steps: run.steps },
  };
}

/** The explanation for a person: the summary line, then one block per section. */
export function describeExplanation(explanation: Explanation): string {
  const lines = [`${label('summary')}${explanation.summary}`, ...eventLines(explanation.event)];
  lines.push(...causeLines('causation', explanation.causes.causation));
  lines.push(...causeLines('correlation', explanation.causes.correlation));
  lines.push(...runLines(explanation));
  lines.push(...policyLines(explanation));
  lines.push(...approvalLines(explanation));
  lines.push(...memoryLines(explanation));
  lines.push(...modelLines(explanation));
  lines.push(...proofLines(explanation));
  return `${lines.join('\n')}\n`;
}

function eventLines(event: RecordedEvent): string[] {
  const { meta } = event;
  return [
    `${label('event')}${event.type} ${event.id}`,
    `${INDENT}stream ${event.stream}, revision ${event.revision}, position ${event.position}`,
    `${INDENT}at ${meta.occurredAt} by ${meta.actor.kind} ${meta.actor.id}, tenant ${meta.tenant}`,
    `${INDENT}correlation ${meta.correlationId}, causation ${meta.causationId}`,
    `${INDENT}hash ${event.hash}`,
  ];
}

function causeLines(name: string, chain: EventChain): string[] {
  const cut = chain.truncated ? ' (truncated)' : '';
  const head = `${label(name)}${chain.events.length} event(s)${cut}`;
  return [head, ...chain.events.map((event) => `${INDENT}- ${event.type} ${event.id} at ${event.position}`)];
}

function runLines({ run, budgets, event }: Explanation): string[] {
  if (run === null) return [`${label('run')}none (not a run event)`];
  const { summary } = run;
  const used = budgets.map(
    (use) => `${use.budget} ${use.used}${use.limit === null ? ' (no limit)' : `/${use.limit}`}`,
  );
  return [
    `${label('run')}${summary.runId} ${summary.status} as of position ${event.position}, goal ${JSON.stringify(summary.goal)}`,
    `${label('budgets')}${used.join(', ')}`,
  ];
}

function policyLines({ policyDecisions }: Explanation): string[] {
  if (policyDecisions.length === 0) return [`${label('policy')}no policy decision behind this event`];
  return policyDecisions.flatMap((decision) => {
    const version =
      decision.policySetVersion === null ? 'no policy set' : `policy set v${decision.policySetVersion}`;
    const approved = decision.approved ? ', with an approval grant' : '';
    return [
      `${label('policy')}${decision.outcome} (${version}${approved}) at position ${decision.position}`,
      ...decision.policies.flatMap((policy) => [
        `${INDENT}${policy.id}:`,
        ...(policy.text ?? '(text not available)').split('\n').map((line) => `${INDENT}  ${line}`),
      ]),
    ];
  });
}

function approvalLines({ approval }: Explanation): string[] {
  if (approval === null) return [`${label('approval')}none`];
  const { decision, used } = approval;
  return [
    `${label('approval')}${approval.approvalId} requested by ${approval.requestedBy} at ${approval.requestedAt}`,
    `${INDENT}args ${approval.argsDigest}, expires ${approval.expiresAt}`,
    `${INDENT}${decision === null ? 'not decided' : `${decision.outcome} by ${decision.by ?? '-'} at ${decision.at}`}`,
    `${INDENT}${used === null ? 'grant not used' : `grant used by ${used.by} at ${used.at}`}`,
  ];
}

function memoryLines({ memories }: Explanation): string[] {
  if (memories.length === 0) return [`${label('memories')}none applied`];
  return memories.map(
    (memory, index) =>
      `${index === 0 ? label('memories') : INDENT}${memory.memoryId} rev ${memory.memoryRevision} ` +
      `(${memory.type}, ${memory.scope}) applied by ${memory.appliedBy} at ${memory.appliedAt}; ` +
      `reviewer ${memory.reviewer ?? 'none recorded'}; provenance ${memory.provenance.join(', ') || 'none'}`,
  );
}

function modelLines({ model }: Explanation): string[] {
  if (model === null) return [];
  return [
    `${label('model')}${model.name}@${model.version} sha256 ${model.sha256}`,
    `${INDENT}provider ${model.executionProvider ?? '-'}, ${model.runtime ?? '-'} ${model.runtimeVersion ?? ''}`,
    `${INDENT}input ${model.inputDigest}, output ${model.outputDigest ?? model.failure ?? '-'}`,
  ];
}

function proofLines({ inclusion }: Explanation): string[] {
  const { proof } = inclusion;
  if (proof === null) return [`${label('proof')}none: ${inclusion.reason ?? ''}`];
  return [
    `${label('proof')}leaf ${proof.leafIndex} of the tree of ${proof.treeSize} events, ${proof.hashes.length} hashes`,
    `${INDENT}checkpoint ${proof.checkpoint.origin} root ${proof.checkpoint.rootHash}`,
  ];
}
