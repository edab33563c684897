import { useMemo } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { successOf } from '../../api/mutationResult.js';
import type { ResultMember } from '../../api/mutationResult.js';
import { can } from '../../api/session.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime, shortHash } from '../../ui/format.js';
import { ReasonForm } from '../../ui/reasonForm.js';
import { useAction } from '../../ui/useAction.js';
import { newIdempotencyKey, submissionKeys } from '../../ui/submissionKeys.js';
import type { SubmissionKeys } from '../../ui/submissionKeys.js';
import { RETRACT_MEMORY, REVIEW_MEMORY } from './memoryDocuments.js';
import type { MemoryPayload, ReviewedMemory } from './memoryDocuments.js';

type MemoryAction = 'approve' | 'reject' | 'retract';

async function act(
  memory: ReviewedMemory,
  action: MemoryAction,
  reason: string,
  keys: SubmissionKeys,
): Promise<MemoryPayload> {
  const variables = { memoryId: memory.id, reason, idempotencyKey: keys.keyFor({ action, reason }) };
  if (action === 'retract') {
    const data = await gql<{ retractMemory: ResultMember }>(RETRACT_MEMORY, variables);
    return successOf<MemoryPayload>(data.retractMemory, 'MemoryPayload');
  }
  const decision = action === 'approve' ? 'APPROVE' : 'REJECT';
  const data = await gql<{ reviewMemory: ResultMember }>(REVIEW_MEMORY, { ...variables, decision });
  return successOf<MemoryPayload>(data.reviewMemory, 'MemoryPayload');
}

/** The actions the memory's status and the key's role allow: review a proposal, retract approved memory. */
function actionsFor(memory: ReviewedMemory): { readonly label: string; readonly action: MemoryAction }[] {
  if (memory.status === 'proposed' && can('memoryReview')) {
    return [
      { label: 'Approve', action: 'approve' },
      { label: 'Reject', action: 'reject' },
    ];
  }
  if (memory.status === 'approved' && can('memoryRetract')) return [{ label: 'Retract', action: 'retract' }];
  return [];
}

/**
 * One memory: its content, type, scope, who proposed and reviewed it, and its provenance (each source event opens
 * the explain panel); Approve / Reject for a proposal and Retract for approved memory, each with a reason, for the
 * roles that may. A refusal is shown as the API words it, with the event that recorded it.
 */
export function MemoryCard(props: {
  readonly memory: ReviewedMemory;
  readonly onExplain: (eventId: string) => void;
  readonly onChanged: (memory: ReviewedMemory, payload: MemoryPayload) => void;
}) {
  const { memory } = props;
  // One key per action and reason: a double click or a retry records once.
  const keys = useMemo(() => submissionKeys(() => newIdempotencyKey()), []);
  const run = useAction(async (action: MemoryAction, reason: string) => {
    const payload = await act(memory, action, reason, keys);
    props.onChanged(memory, payload);
    return payload;
  });
  const actions = actionsFor(memory);
  return (
    <article class="panel memory" aria-label={`Memory ${memory.id}`} data-memory-id={memory.id}>
      <header class="memory-head">
        <h2>
          {memory.type} · {memory.scope}
          {memory.scopeId === null ? '' : ` ${memory.scopeId}`}
        </h2>
        <span class={`status status-${memory.status}`}>{memory.status}</span>
      </header>
      <p class="memory-content">{memory.content}</p>
      <dl class="facts">
        <dt>Proposed by</dt>
        <dd>
          {memory.proposedBy}, {formatTime(memory.proposedAt)}
        </dd>
        {memory.reviewedBy !== null && <dt>Reviewed by</dt>}
        {memory.reviewedBy !== null && <dd>{memory.reviewedBy}</dd>}
        {memory.retractedBy !== null && <dt>Retracted by</dt>}
        {memory.retractedBy !== null && <dd>{memory.retractedBy}</dd>}
        <dt>Expires</dt>
        <dd>{memory.expiresAt === null ? 'never' : formatTime(memory.expiresAt)}</dd>
        <dt>Revision</dt>
        <dd>
          {memory.revision} · applied {memory.appliedCount} times · content{' '}
          <code title={memory.contentDigest}>{shortHash(memory.contentDigest)}</code>
        </dd>
      </dl>
      <Provenance memory={memory} onExplain={props.onExplain} />
      {run.error !== null && <ErrorNote message={run.error} />}
      {actions.length > 0 && (
        <ReasonForm
          id={`memory-${memory.id}`}
          busy={run.busy}
          actions={actions.map(({ label, action }) => ({
            label,
            kind: action === 'approve' ? 'primary' : 'danger',
            onSubmit: (reason: string) => void run.run(action, reason),
          }))}
        />
      )}
    </article>
  );
}

function Provenance(props: {
  readonly memory: ReviewedMemory;
  readonly onExplain: (eventId: string) => void;
}) {
  const { provenance } = props.memory;
  if (provenance.length === 0) return <p class="note">No source events recorded.</p>;
  return (
    <>
      <h3>Provenance</h3>
      <ul class="plain provenance">
        {provenance.map((eventId) => (
          <li key={eventId}>
            <button type="button" class="link" onClick={() => props.onExplain(eventId)}>
              Explain source event {eventId}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
