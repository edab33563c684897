import { formatDuration } from '../../ui/format.js';
import { budgetLines } from './budgetUse.js';
import type { BudgetLine } from './budgetUse.js';
import type { RunSummary } from './runFields.js';

function amount(line: BudgetLine, value: number): string {
  return line.unit === 'ms' ? formatDuration(value) : String(value);
}

/** A run's budgets, used vs limit, each with a meter when it has a limit. */
export function BudgetList(props: { readonly run: RunSummary; readonly at: number }) {
  return (
    <ul class="budgets">
      {budgetLines(props.run, props.at).map((line) => {
        const limit = line.limit === null ? 'no limit' : amount(line, line.limit);
        const text = `${line.name} ${amount(line, line.used)} / ${limit}`;
        return (
          <li key={line.name}>
            {line.limit !== null && (
              <meter min={0} max={line.limit} value={Math.min(line.used, line.limit)} aria-label={text} />
            )}
            <span>{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
