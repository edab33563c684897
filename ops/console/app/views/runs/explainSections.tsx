import { formatDuration, formatTime } from '../../ui/format.js';
import type {
  ApprovalExplained,
  Explanation,
  MemoryExplained,
  ModelExplained,
  PolicyDecisionExplained,
} from './explainQuery.js';

/** The causation chain, the event's cause first; and the run as it stood at the event. */
export function CausesSection(props: { readonly explanation: Explanation }) {
  const { causation, run } = props.explanation;
  return (
    <>
      <h3>Causation</h3>
      {causation.events.length === 0 ? (
        <p class="hint">No recorded cause: the event started its command.</p>
      ) : (
        <ol class="causation">
          {causation.events.map((event) => (
            <li key={event.id}>
              {event.type} at {event.position}
            </li>
          ))}
          {causation.truncated && <li class="hint">… more causes not shown</li>}
        </ol>
      )}
      <h3>The run at this point</h3>
      {run === null ? (
        <p class="hint">Not a run event.</p>
      ) : (
        <p>
          {run.status} · {run.stepCount} steps · {run.toolCalls} tool calls · {run.inferenceCalls} inference
          calls
          {run.asOf !== null && ` (as of position ${run.asOf})`}
        </p>
      )}
    </>
  );
}

function PolicyDecision(props: { readonly decision: PolicyDecisionExplained }) {
  const { decision } = props;
  return (
    <li>
      <p>
        <strong>{decision.outcome}</strong> at {decision.position} for {decision.principal}
        {decision.approved && ' (with an approval grant)'}
        {decision.policySetVersion !== null && ` · policy set v${decision.policySetVersion}`}
        {decision.riskScore !== null && ` · risk score ${decision.riskScore.toFixed(3)}`}
      </p>
      {decision.reasons.length > 0 && <p class="hint">Reasons: {decision.reasons.join('; ')}</p>}
      {decision.policies.length === 0 ? (
        <p class="hint">No policy determined it (the default applied).</p>
      ) : (
        <ul class="policies">
          {decision.policies.map((policy) => (
            <li key={policy.id}>
              Determining policy <code>{policy.id}</code>
              {policy.text === null ? (
                <p class="hint">Its text at that version cannot be read.</p>
              ) : (
                <pre aria-label={`Policy ${policy.id}`}>{policy.text}</pre>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function PolicySection(props: { readonly decisions: readonly PolicyDecisionExplained[] }) {
  return (
    <>
      <h3>Policy decisions</h3>
      {props.decisions.length === 0 ? (
        <p class="hint">No policy decision stands behind this event.</p>
      ) : (
        <ul class="decisions">
          {props.decisions.map((decision) => (
            <PolicyDecision key={decision.eventId} decision={decision} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ApprovalSection(props: { readonly approval: ApprovalExplained | null }) {
  const { approval } = props;
  if (approval === null) return null;
  const { decision, used } = approval;
  return (
    <>
      <h3>Approval</h3>
      <p>
        Requested by {approval.requestedBy} at {formatTime(approval.requestedAt)} for args{' '}
        <code title={approval.argsDigest}>{approval.argsDigest}</code>, expiring{' '}
        {formatTime(approval.expiresAt)}.
      </p>
      <p>
        {decision === null
          ? 'Not decided yet.'
          : `${decision.outcome} by ${decision.by ?? 'the runtime'} at ${formatTime(decision.at)}` +
            (decision.reason === null ? '' : `: “${decision.reason}”`)}
        {used !== null && ` · grant used by ${used.by} at ${formatTime(used.at)}`}
      </p>
    </>
  );
}

function Memory(props: { readonly memory: MemoryExplained }) {
  const { memory } = props;
  return (
    <li>
      {memory.type} ({memory.scope}) <code>{memory.memoryId}</code> r{memory.memoryRevision}, applied by{' '}
      {memory.appliedBy}
      {memory.reviewer !== null && `, approved by ${memory.reviewer}`}
      <div class="hint">
        content <code title={memory.contentDigest}>{memory.contentDigest}</code> · from events{' '}
        {memory.provenance.join(', ') || 'none recorded'}
      </div>
    </li>
  );
}

export function MemorySection(props: { readonly memories: readonly MemoryExplained[] }) {
  if (props.memories.length === 0) return null;
  return (
    <>
      <h3>Memories applied</h3>
      <ul>
        {props.memories.map((memory) => (
          <Memory key={`${memory.memoryId}@${memory.memoryRevision}`} memory={memory} />
        ))}
      </ul>
    </>
  );
}

export function ModelSection(props: { readonly model: ModelExplained | null }) {
  const { model } = props;
  if (model === null) return null;
  return (
    <>
      <h3>Model</h3>
      <p>
        {model.name}@{model.version} · sha256 <code title={model.sha256}>{model.sha256}</code>
        {model.executionProvider !== null && ` · on ${model.executionProvider}`}
        {model.runtime !== null && ` · ${model.runtime} ${model.runtimeVersion ?? ''}`}
      </p>
      {model.failure !== null && <p class="error">Failed: {model.failure}</p>}
    </>
  );
}

export function BudgetSection(props: { readonly budgets: Explanation['budgets'] }) {
  const amount = (budget: string, value: number) =>
    budget === 'wallTimeMs' ? formatDuration(value) : String(value);
  return (
    <>
      <h3>Budgets at this point</h3>
      <ul class="budgets">
        {props.budgets.map((use) => (
          <li key={use.budget}>
            {use.budget} {amount(use.budget, use.used)} /{' '}
            {use.limit === null ? 'no limit' : amount(use.budget, use.limit)}
          </li>
        ))}
      </ul>
    </>
  );
}
