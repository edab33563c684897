import type { RunActionsProps } from '../runActions.js';

/** What every run action's dialog gets: the run, how to close it, and whom to tell that the run changed. */
export interface RunDialogProps {
  readonly run: RunActionsProps['run'];
  readonly onClose: () => void;
  readonly onChanged: () => void;
}
