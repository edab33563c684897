import { ReasonForm } from '../../../ui/reasonForm.js';
import { ActionDialog } from './actionDialog.js';
import type { RunDialogProps } from './runDialogProps.js';
import { CANCEL_RUN } from './runMutations.js';
import { useRunMutation } from './useRunMutation.js';

/** Cancels an active run with a reason (`cancelRun`; the caller is recorded as canceller). */
export function CancelDialog(props: RunDialogProps) {
  const cancel = useRunMutation(CANCEL_RUN, 'cancelRun', props.onChanged);
  return (
    <ActionDialog title="Cancel run" onClose={props.onClose} answer={cancel.result} error={cancel.error}>
      <p>
        Cancels <strong>{props.run.goal}</strong> (run <code>{props.run.id}</code>): no more steps, calls or
        inference.
      </p>
      <ReasonForm
        id="cancel-run"
        busy={cancel.busy}
        actions={[
          {
            label: 'Cancel this run',
            kind: 'danger',
            onSubmit: (reason) => void cancel.run({ runId: props.run.id, reason }),
          },
        ]}
      />
    </ActionDialog>
  );
}
