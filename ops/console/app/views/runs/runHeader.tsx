import { href } from '../../router.js';
import { formatTime, now } from '../../ui/format.js';
import { BudgetList } from './budgetList.js';
import type { RunSummary } from './runFields.js';
import { RunActions } from './runActions.js';

/** The run as the timeline header shows it: the list's fields plus where it was forked from and its forks. */
export interface RunDetail extends RunSummary {
  readonly forkedFrom: {
    readonly runId: string;
    readonly step: number;
    readonly reason: string;
    readonly forkedBy: string;
  } | null;
  readonly forks: readonly { readonly id: string; readonly goal: string; readonly status: string }[];
}

/** Goal, status, agent, budgets used vs limits, fork links and the run's actions (for the roles that may). */
export function RunHeader(props: { readonly run: RunDetail; readonly onChanged: () => void }) {
  const { run } = props;
  return (
    <header class="run-header panel">
      <h1>{run.goal}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class={`status status-${run.status}`} data-testid="run-status">
            {run.status}
          </span>
        </dd>
        <dt>Agent</dt>
        <dd>{run.agent}</dd>
        <dt>Run</dt>
        <dd class="mono">{run.id}</dd>
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt)}</dd>
        <dt>Pending approvals</dt>
        <dd>{run.pendingApprovals}</dd>
        {run.forkedFrom !== null && (
          <>
            <dt>Forked from</dt>
            <dd>
              <a href={href('runs', run.forkedFrom.runId)}>run {run.forkedFrom.runId}</a> at step{' '}
              {run.forkedFrom.step} by {run.forkedFrom.forkedBy}: “{run.forkedFrom.reason}”
            </dd>
          </>
        )}
        {run.forks.length > 0 && (
          <>
            <dt>Forks</dt>
            <dd>
              <ul class="forks">
                {run.forks.map((fork) => (
                  <li key={fork.id}>
                    <a href={href('runs', fork.id)}>{fork.goal}</a> ({fork.status})
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <BudgetList run={run} at={now.value} />
      <RunActions run={run} onChanged={props.onChanged} />
    </header>
  );
}
