import { useState } from 'preact/hooks';
import { describeError, gql } from '../../../api/graphql.js';
import { ReasonForm } from '../../../ui/reasonForm.js';
import { ActionDialog } from './actionDialog.js';
import { leftBehindLines } from './actionAnswers.js';
import type { Answer, LeftBehindCall } from './actionAnswers.js';
import type { RunDialogProps } from './runDialogProps.js';
import { FIRST_EVENT, ROLLBACK_RUN } from './runMutations.js';
import { StepInput } from './stepInput.js';
import { stepValue } from './stepValue.js';
import { useRunMutation } from './useRunMutation.js';

/**
 * Rolls the run back to a step (`rollbackRun`): compensations, never deletion. Step 0 is the run's start (sent as
 * the position of its first event: the API numbers rollback steps from 1). When policy asks for an approval, the
 * answer names it; once a reviewer approved, the same rollback is sent again with it. Irreversible calls after
 * the point are listed as left behind.
 */
export function RollbackDialog(props: RunDialogProps) {
  const [stepText, setStepText] = useState(String(props.run.stepCount));
  const step = stepValue(stepText, 0, props.run.stepCount);
  const [sent, setSent] = useState<Readonly<Record<string, unknown>> | null>(null);
  const rollback = useRunMutation(ROLLBACK_RUN, 'rollbackRun', props.onChanged);
  const send = (variables: Readonly<Record<string, unknown>>) => {
    setSent(variables);
    return rollback.run(variables);
  };
  const [lookupError, setLookupError] = useState<string | null>(null);
  const submit = async (reason: string) => {
    if (step === null) return;
    let point: { toPosition: number } | { toStep: number };
    try {
      point = step === 0 ? { toPosition: await startPosition(props.run.id) } : { toStep: step };
      setLookupError(null);
    } catch (failure) {
      return setLookupError(describeError(failure));
    }
    await send({ runId: props.run.id, ...point, reason });
  };
  const pending = rollback.result?.__typename === 'RollbackPendingApproval' ? rollback.result : null;
  return (
    <ActionDialog
      title="Roll back"
      onClose={props.onClose}
      answer={rollback.result}
      error={rollback.error ?? lookupError}
      extra={
        <>
          {pending !== null && sent !== null && (
            <button
              type="button"
              class="primary"
              disabled={rollback.busy}
              onClick={() => void send({ ...sent, approvalId: pending.approvalId })}
            >
              Send the rollback again with approval {String(pending.approvalId)}
            </button>
          )}
          <LeftBehind answer={rollback.result} />
        </>
      }
    >
      <ReasonForm
        id="rollback-run"
        busy={rollback.busy || step === null}
        actions={[
          { label: 'Roll back to this step', kind: 'danger', onSubmit: (reason) => void submit(reason) },
        ]}
      >
        <StepInput
          id="rollback-step"
          min={0}
          max={props.run.stepCount}
          text={stepText}
          valid={step !== null}
          onInput={setStepText}
          help={`Everything recorded after this step is compensated, latest first (0: back to the start; this run has ${props.run.stepCount}).`}
        />
      </ReasonForm>
    </ActionDialog>
  );
}

function LeftBehind(props: { readonly answer: Answer | null }) {
  if (props.answer?.__typename !== 'RollbackEnded') return null;
  const lines = leftBehindLines(props.answer.leftBehind as readonly LeftBehindCall[]);
  return (
    <section aria-label="Left behind">
      <h3>Left behind</h3>
      {lines.length === 0 ? (
        <p>Nothing: every call after the point was undone or needed no undoing.</p>
      ) : (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

async function startPosition(runId: string): Promise<number> {
  const data = await gql<{ run: { events: { edges: { node: { position: number } }[] } } | null }>(
    FIRST_EVENT,
    {
      runId,
    },
  );
  const first = data.run?.events.edges[0]?.node.position;
  if (first === undefined) throw new Error(`run ${runId} has no events to roll back to`);
  return first;
}
