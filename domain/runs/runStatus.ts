/**
 * Every status a run can be in, written once: the fold, the GraphQL enum and the console's status filter all read
 * this list. It imports nothing, so browser code may import it too.
 */
export const RUN_STATUSES = [
  'pending',
  'running',
  'awaiting_approval',
  'completed',
  'failed',
  'cancelled',
  'rolled_back',
  'rollback_failed',
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];
