import { useState } from 'preact/hooks';
import { navigate } from '../../../router.js';
import { ReasonForm } from '../../../ui/reasonForm.js';
import { ActionDialog } from './actionDialog.js';
import type { RunDialogProps } from './runDialogProps.js';
import { FORK_RUN } from './runMutations.js';
import { StepInput } from './stepInput.js';
import { stepValue } from './stepValue.js';
import { useRunMutation } from './useRunMutation.js';

/**
 * Forks the run from a step (`forkRun`): a new run continues right after that step (0: right after its start),
 * and the console opens it. The source run is not changed.
 */
export function ForkDialog(props: RunDialogProps) {
  const [stepText, setStepText] = useState(String(props.run.stepCount));
  const step = stepValue(stepText, 0, props.run.stepCount);
  const fork = useRunMutation(FORK_RUN, 'forkRun', props.onChanged);
  const submit = async (reason: string) => {
    if (step === null) return;
    const answer = await fork.run({ runId: props.run.id, atStep: step, reason });
    const forked = answer?.__typename === 'RunCommandPayload' ? (answer.run as { id: string }) : null;
    if (forked === null) return;
    props.onClose();
    navigate('runs', forked.id);
  };
  return (
    <ActionDialog title="Fork" onClose={props.onClose} answer={fork.result} error={fork.error}>
      <ReasonForm
        id="fork-run"
        busy={fork.busy || step === null}
        actions={[
          { label: 'Fork from this step', kind: 'primary', onSubmit: (reason) => void submit(reason) },
        ]}
      >
        <StepInput
          id="fork-step"
          min={0}
          max={props.run.stepCount}
          text={stepText}
          valid={step !== null}
          onInput={setStepText}
          help={`The new run continues right after this step (0: right after the start; this run has ${props.run.stepCount}).`}
        />
      </ReasonForm>
    </ActionDialog>
  );
}
