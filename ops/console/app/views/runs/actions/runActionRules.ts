import { ACTIVE_RUN_STATUSES } from '../../../../../../domain/runs/runDecider.js';

/** The actions the console offers on a run. */
export type RunAction = 'cancel' | 'rollback' | 'fork' | 'replay';

export const RUN_ACTION_LABELS: Readonly<Record<RunAction, string>> = {
  cancel: 'Cancel run',
  rollback: 'Roll back',
  fork: 'Fork',
  replay: 'Replay',
};

/** The capability (graphql/access/capabilities.ts) each action needs. */
const CAPABILITY: Readonly<Record<RunAction, string>> = {
  cancel: 'runWrite',
  rollback: 'rollback',
  fork: 'runWrite',
  replay: 'runReplay',
};

/**
 * The actions to offer on a run in `status`, in display order: only those the key's role holds (`can`), and cancel
 * only while the run is active (the server refuses an ended run with RunNotActiveError). Rollback, fork and replay
 * apply to runs in any state: the server answers what a state forbids.
 */
export function offeredRunActions(status: string, can: (capability: string) => boolean): RunAction[] {
  const active = (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);
  return (['cancel', 'rollback', 'fork', 'replay'] as const).filter(
    (action) => can(CAPABILITY[action]) && (action !== 'cancel' || active),
  );
}
