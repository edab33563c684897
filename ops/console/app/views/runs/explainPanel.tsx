import { useEffect, useRef, useState } from 'preact/hooks';
import { runAsync } from '../../../../../ledger/portable/hashing.js';
import { browserCrypto } from '../../../../verifyPage/page/browserCrypto.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime } from '../../ui/format.js';
import { useQuery } from '../../ui/useQuery.js';
import {
  ApprovalSection,
  BudgetSection,
  CausesSection,
  MemorySection,
  ModelSection,
  PolicySection,
} from './explainSections.js';
import { EXPLAIN_QUERY } from './explainQuery.js';
import type { ExplainAnswer, Explanation } from './explainQuery.js';
import { checkInclusionSteps } from './inclusionCheck.js';
import type { InclusionVerdict } from './inclusionCheck.js';

export interface ExplainPanelProps {
  /** The event to explain (`explain(eventId)`). */
  readonly eventId: string;
  readonly onClose: () => void;
}

/**
 * Why an event happened (`explain`): summary, causes, the run at that point, policy decisions with the text of
 * their determining policies, approval, memories, model, budgets, and the inclusion proof, verified in the page.
 * A region labelled "Explanation"; focus moves to it when it opens, Escape or "Close explanation" closes it.
 */
export function ExplainPanel(props: ExplainPanelProps) {
  const answer = useQuery<ExplainAnswer>(EXPLAIN_QUERY, { eventId: props.eventId });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.eventId]);
  const explanation = answer.data?.explain ?? null;
  return (
    <section
      class="explain panel"
      aria-label="Explanation"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose();
      }}
    >
      <div class="runs-head">
        <h2 ref={heading} tabIndex={-1}>
          {explanation === null
            ? 'Explanation'
            : `${explanation.event.type} at ${explanation.event.position}`}
        </h2>
        <button type="button" onClick={props.onClose}>
          Close explanation
        </button>
      </div>
      {answer.error !== null && <ErrorNote message={answer.error} />}
      {explanation === null ? (
        answer.error === null && <p>Loading the explanation…</p>
      ) : (
        <ExplanationBody
          explanation={explanation}
          verifierKeys={answer.data?.ledger.publicKeys ?? []}
          onAskAgain={() => answer.reload()}
        />
      )}
    </section>
  );
}

interface ExplanationProps {
  readonly explanation: Explanation;
  readonly verifierKeys: readonly string[];
  /** Asks for the explanation again (a proof comes with the next checkpoint). */
  readonly onAskAgain: () => void;
}

function ExplanationBody(props: ExplanationProps) {
  const { explanation } = props;
  const { event } = explanation;
  return (
    <>
      <p class="explain-summary">{explanation.summary}</p>
      <p class="hint">
        {formatTime(event.occurredAt)} · {event.actor.kind} {event.actor.id} · stream{' '}
        <code>{event.stream}</code>
      </p>
      <CausesSection explanation={explanation} />
      <PolicySection decisions={explanation.policyDecisions} />
      <ApprovalSection approval={explanation.approval} />
      <MemorySection memories={explanation.memories} />
      <ModelSection model={explanation.model} />
      <BudgetSection budgets={explanation.budgets} />
      <ProofSection {...props} />
    </>
  );
}

/** The inclusion proof and what checking it in this page found. */
function ProofSection(props: ExplanationProps) {
  const { event, inclusionProof: proof, notCoveredReason } = props.explanation;
  const [verdict, setVerdict] = useState<InclusionVerdict | null>(null);
  useEffect(() => {
    setVerdict(null);
    if (proof === null) return;
    let current = true;
    const claim = {
      eventHash: event.hash,
      position: event.position,
      proof: { ...proof, checkpointNote: proof.checkpoint?.note ?? null },
      verifierKeys: props.verifierKeys,
    };
    runAsync(checkInclusionSteps(claim), browserCrypto)
      .then((result) => current && setVerdict(result))
      .catch((error: unknown) => current && setVerdict({ verified: false, reason: String(error) }));
    return () => {
      current = false;
    };
  }, [proof, event]);
  return (
    <>
      <h3>Inclusion proof</h3>
      {proof === null ? (
        <>
          <p role="status">
            Not yet checkpointed — {notCoveredReason ?? 'no signed checkpoint covers this event yet'}. The
            proof comes with the next checkpoint.
          </p>
          <button type="button" onClick={props.onAskAgain}>
            Ask again
          </button>
        </>
      ) : (
        <>
          <p role="status" class={verdict?.verified === true ? 'verified' : verdict === null ? '' : 'error'}>
            {verdict === null
              ? 'Verifying the inclusion proof…'
              : verdict.verified
                ? `Inclusion proof verified against checkpoint ${verdict.treeSize}`
                : `Inclusion proof NOT verified: ${verdict.reason}`}
          </p>
          <dl class="facts">
            <dt>Leaf index</dt>
            <dd>{proof.leafIndex}</dd>
            <dt>Tree size</dt>
            <dd>{proof.treeSize}</dd>
            <dt>Root</dt>
            <dd class="mono">{proof.rootHash}</dd>
            {proof.checkpoint !== null && (
              <>
                <dt>Checkpoint</dt>
                <dd>
                  tree size {proof.checkpoint.treeSize}, signed {formatTime(proof.checkpoint.timestamp)}
                </dd>
              </>
            )}
          </dl>
          <h4>Audit path ({proof.hashes.length} hashes, leaf to root)</h4>
          <ol class="audit-path mono">
            {proof.hashes.map((hash, index) => (
              <li key={index}>{hash}</li>
            ))}
          </ol>
          {proof.checkpoint !== null && <pre aria-label="Checkpoint note">{proof.checkpoint.note}</pre>}
        </>
      )}
    </>
  );
}
