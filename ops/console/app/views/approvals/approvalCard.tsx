import { useMemo } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { successOf } from '../../api/mutationResult.js';
import type { ResultMember } from '../../api/mutationResult.js';
import { href } from '../../router.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime, now } from '../../ui/format.js';
import { JsonView } from '../../ui/jsonView.js';
import { ReasonForm } from '../../ui/reasonForm.js';
import { useAction } from '../../ui/useAction.js';
import { newIdempotencyKey, submissionKeys } from '../../ui/submissionKeys.js';
import { DECIDE_APPROVAL } from './approvalDocuments.js';
import { countdown } from './approvalQueue.js';
import type { QueuedApproval } from './approvalQueue.js';

/** What `decideApproval` recorded: granted, denied, expired or refused, with its reason (e.g. SELF_APPROVAL). */
export interface RecordedDecision {
  readonly __typename: 'ApprovalDecision';
  readonly outcome: 'granted' | 'denied' | 'expired' | 'refused';
  readonly reason: string;
}

/** One recorded decision as the view lists it. */
export interface DecisionNote {
  readonly approval: QueuedApproval;
  readonly decision: RecordedDecision;
}

export function describeDecision(decision: RecordedDecision): string {
  return `Recorded: ${decision.outcome} (${decision.reason})`;
}

/**
 * One pending approval: what exactly will run (tool, version, args and their digest), why it needs a reviewer
 * (risk score, determining policies with their Cedar text, reasons), who asked and when, the countdown to its
 * deadline, and, for roles that may decide, Approve / Deny with a reason.
 */
export function ApprovalCard(props: {
  readonly approval: QueuedApproval;
  readonly canDecide: boolean;
  readonly recorded: RecordedDecision | undefined;
  readonly onRecorded: (note: DecisionNote) => void;
}) {
  const { approval } = props;
  const left = countdown(approval.expiresAt, now.value);
  const expired = approval.expired || left.expired;
  const name = `${approval.tool}@${approval.toolVersion}`;
  return (
    <article
      class={`panel approval${expired ? ' approval-expired' : ''}`}
      aria-label={`Approval ${name}`}
      data-approval-id={approval.approvalId}
    >
      <header class="approval-head">
        <h2>{name}</h2>
        <span class={expired ? 'countdown expired' : 'countdown'}>{left.text}</span>
      </header>
      {expired && (
        <p class="note">
          Its deadline has passed: deciding it now records ApprovalExpired, and the call does not run.
        </p>
      )}
      <ApprovalFacts approval={approval} />
      <h3>Arguments</h3>
      {approval.argsRecorded ? (
        <JsonView value={approval.args} label={`Arguments of ${name}`} />
      ) : (
        <p class="note">
          No call request is recorded (a rollback&apos;s approval): it is bound to its run and point by the
          args digest alone.
        </p>
      )}
      <ApprovalPolicies approval={approval} />
      {props.recorded !== undefined && (
        <p class="outcome" role="status">
          {describeDecision(props.recorded)}
        </p>
      )}
      {props.canDecide ? (
        <DecisionForm approval={approval} onRecorded={props.onRecorded} />
      ) : (
        <p class="note">Read-only: your role may see the queue but not decide.</p>
      )}
    </article>
  );
}

/**
 * Approve / Deny with a reason. Each submission carries the idempotency key of its decision and reason
 * (submissionKeys): a double click or a retry records one decision.
 */
function DecisionForm(props: {
  readonly approval: QueuedApproval;
  readonly onRecorded: (note: DecisionNote) => void;
}) {
  const { approval } = props;
  const keys = useMemo(() => submissionKeys(() => newIdempotencyKey()), []);
  const decide = useAction(async (decision: 'APPROVE' | 'REJECT', reason: string) => {
    const data = await gql<{ decideApproval: ResultMember }>(DECIDE_APPROVAL, {
      runId: approval.runId,
      approvalId: approval.approvalId,
      decision,
      reason,
      idempotencyKey: keys.keyFor({ decision, reason }),
    });
    const recorded = successOf<RecordedDecision>(data.decideApproval, 'ApprovalDecision');
    props.onRecorded({ approval, decision: recorded });
    return recorded;
  });
  return (
    <>
      {decide.error !== null && <ErrorNote message={decide.error} />}
      <ReasonForm
        id={`approval-${approval.approvalId}`}
        busy={decide.busy}
        actions={[
          { label: 'Approve', kind: 'primary', onSubmit: (reason) => void decide.run('APPROVE', reason) },
          { label: 'Deny', kind: 'danger', onSubmit: (reason) => void decide.run('REJECT', reason) },
        ]}
      />
    </>
  );
}

function ApprovalFacts(props: { readonly approval: QueuedApproval }) {
  const { approval } = props;
  return (
    <dl class="facts">
      <dt>Run</dt>
      <dd>
        <a href={href('runs', approval.runId)}>{approval.runId}</a>
      </dd>
      <dt>Args digest</dt>
      <dd>
        <code class="hash">{approval.argsDigest}</code>
      </dd>
      <dt>Risk score</dt>
      <dd>{approval.riskScore === null ? 'not scored' : approval.riskScore.toFixed(2)}</dd>
      <dt>Requested by</dt>
      <dd>{approval.requestedBy}</dd>
      <dt>Requested at</dt>
      <dd>{formatTime(approval.requestedAt)}</dd>
      <dt>Expires at</dt>
      <dd>{formatTime(approval.expiresAt)}</dd>
      <dt>Reasons</dt>
      <dd>
        {approval.reasons.length === 0 ? (
          'none given'
        ) : (
          <ul class="plain">
            {approval.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}

function ApprovalPolicies(props: { readonly approval: QueuedApproval }) {
  const { approval } = props;
  const version = approval.policySetVersion === null ? '' : ` (policy set v${approval.policySetVersion})`;
  return (
    <>
      <h3>Policies that asked for approval{version}</h3>
      {approval.policies.length === 0 ? (
        <p class="note">No determining policy recorded.</p>
      ) : (
        approval.policies.map((policy) => (
          <details key={policy.id} class="policy" open>
            <summary>{policy.id}</summary>
            {policy.text === null ? (
              <p class="note">Text not available.</p>
            ) : (
              <pre class="cedar">{policy.text}</pre>
            )}
          </details>
        ))
      )}
    </>
  );
}
