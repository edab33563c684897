import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { can } from '../../api/session.js';
import { EvidenceActions } from '../evidence/evidenceActions.js';
import { CancelDialog } from './actions/cancelDialog.js';
import { ForkDialog } from './actions/forkDialog.js';
import { ReplayDialog } from './actions/replayDialog.js';
import { RollbackDialog } from './actions/rollbackDialog.js';
import { RUN_ACTION_LABELS, offeredRunActions } from './actions/runActionRules.js';
import type { RunAction } from './actions/runActionRules.js';
import type { RunDialogProps } from './actions/runDialogProps.js';

/** The run as its actions need it; the timeline passes its current state. */
export interface RunActionsProps {
  readonly run: {
    readonly id: string;
    readonly goal: string;
    readonly status: string;
    readonly stepCount: number;
    readonly lastPosition: number;
  };
  /** Called after an action changed the run (the timeline re-reads it). */
  readonly onChanged: () => void;
}

const DIALOGS: Readonly<Record<RunAction, ComponentType<RunDialogProps>>> = {
  cancel: CancelDialog,
  rollback: RollbackDialog,
  fork: ForkDialog,
  replay: ReplayDialog,
};

/**
 * What the signed-in role may do with this run, and nothing else (offeredRunActions): cancel, roll back, fork and
 * replay, each in a dialog asking why; and, for roles holding `proofs`, the evidence bundle (download, verify).
 */
export function RunActions(props: RunActionsProps) {
  const [open, setOpen] = useState<RunAction | null>(null);
  // Another run shown in the same place (a fork opened) starts with no dialog open and no bundle of the last one.
  useEffect(() => setOpen(null), [props.run.id]);
  const offered = offeredRunActions(props.run.status, can);
  const Open = open === null ? null : DIALOGS[open];
  return (
    <div class="run-actions">
      {offered.length > 0 && (
        <div class="action-buttons" role="group" aria-label="Run actions">
          {offered.map((action) => (
            <button key={action} type="button" onClick={() => setOpen(action)}>
              {RUN_ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {Open !== null && <Open run={props.run} onClose={() => setOpen(null)} onChanged={props.onChanged} />}
      {can('proofs') && <EvidenceActions key={props.run.id} runId={props.run.id} />}
    </div>
  );
}
