// Placeholder until the run actions land (issue 13, part c13-evidence); the props are the contract.
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

export function RunActions(_props: RunActionsProps) {
  return null;
}
