import { useEffect, useState } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { FeedBadge } from '../../ui/feedBadge.js';
import { ago, now } from '../../ui/format.js';
import { useAction } from '../../ui/useAction.js';
import { useDebounced } from '../../ui/useDebounced.js';
import { useFeed } from '../../ui/useFeed.js';
import { useQuery } from '../../ui/useQuery.js';
import { href } from '../../router.js';
import { BudgetList } from './budgetList.js';
import { RUN_FIELDS, RUN_STATUSES } from './runFields.js';
import type { RunStatus, RunSummary } from './runFields.js';
import { appendPage, applyRunUpdate } from './runFilter.js';
import type { RunFilter } from './runFilter.js';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 300;

const RUNS_QUERY = `query ConsoleRuns($first: Int!, $after: String, $status: RunStatus, $text: String) {
  runs(first: $first, after: $after, status: $status, text: $text) {
    edges { node { ${RUN_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
  ledger { head }
}`;

const RUN_UPDATES = `subscription ConsoleRunUpdates($fromPosition: Position) {
  runUpdates(fromPosition: $fromPosition) { event { position } run { ${RUN_FIELDS} } }
}`;

interface RunsPage {
  readonly runs: {
    readonly edges: readonly { readonly node: RunSummary }[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
  readonly ledger: { readonly head: number | null };
}

interface RunUpdate {
  readonly event: { readonly position: number };
  readonly run: RunSummary;
}

function pageVariables(filter: RunFilter, after: string | null) {
  return {
    first: PAGE_SIZE,
    after,
    status: filter.status,
    text: filter.text === '' ? null : filter.text,
  };
}

/**
 * The tenant's runs, newest first, filtered by status and searched by text; rows update in place and new runs
 * appear at the top as their events commit (`runUpdates` from the ledger head the page was read at).
 */
export function RunsView() {
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [search, setSearch] = useState('');
  const text = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);
  const filter: RunFilter = { status, text };
  const first = useQuery<RunsPage>(RUNS_QUERY, pageVariables(filter, null));
  const [rows, setRows] = useState<readonly RunSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);

  useEffect(() => {
    if (first.data === null) return;
    setRows(first.data.runs.edges.map((edge) => edge.node));
    setNext(first.data.runs.pageInfo.hasNextPage ? first.data.runs.pageInfo.endCursor : null);
  }, [first.data]);

  const more = useAction(async () => {
    const page = await gql<RunsPage>(RUNS_QUERY, pageVariables(filter, next));
    setRows((shown) =>
      appendPage(
        shown,
        page.runs.edges.map((edge) => edge.node),
      ),
    );
    setNext(page.runs.pageInfo.hasNextPage ? page.runs.pageInfo.endCursor : null);
  });

  const head = first.data?.ledger.head ?? null;
  const feed = useFeed<RunUpdate>(first.data === null ? null : `${status}|${text}|${head}`, {
    query: RUN_UPDATES,
    field: 'runUpdates',
    after: head ?? -1,
    variables: (after) => ({ fromPosition: (after ?? -1) + 1 }),
    positionOf: (update) => update.event.position,
    onItem: (update) => setRows((shown) => applyRunUpdate(shown, update.run, filter)),
  });

  return (
    <section class="runs-view">
      <div class="runs-head">
        <h1>Runs</h1>
        <FeedBadge status={feed.status} detail={feed.detail} />
      </div>
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label for="runs-search">Search runs</label>
        <input
          id="runs-search"
          type="search"
          value={search}
          placeholder="goal, agent or run id"
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
        <label for="runs-status">Status</label>
        <select
          id="runs-status"
          value={status ?? ''}
          onChange={(event) => setStatus((event.currentTarget.value || null) as RunStatus | null)}
        >
          <option value="">all</option>
          {RUN_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </form>
      {first.error !== null && <ErrorNote message={first.error} />}
      <RunsTable rows={rows} loading={first.loading && first.data === null} />
      {more.error !== null && <ErrorNote message={more.error} />}
      {next !== null && (
        <button type="button" disabled={more.busy} onClick={() => void more.run()}>
          Load more
        </button>
      )}
    </section>
  );
}

function RunsTable(props: { readonly rows: readonly RunSummary[]; readonly loading: boolean }) {
  const at = now.value;
  const empty = props.loading ? 'Loading runs…' : 'No runs match.';
  return (
    <div class="table-scroll">
      <table class="runs" aria-label="Runs">
        <thead>
          <tr>
            <th scope="col">Goal</th>
            <th scope="col">Status</th>
            <th scope="col">Agent</th>
            <th scope="col">Budgets used / limits</th>
            <th scope="col">Pending approvals</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 && (
            <tr>
              <td colSpan={6}>{empty}</td>
            </tr>
          )}
          {props.rows.map((run) => (
            <RunRow key={run.id} run={run} at={at} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow(props: { readonly run: RunSummary; readonly at: number }) {
  const { run } = props;
  return (
    <tr data-run-id={run.id} data-status={run.status}>
      <td>
        <a href={href('runs', run.id)}>{run.goal}</a>
        <div class="hint mono">{run.id}</div>
      </td>
      <td>
        <span class={`status status-${run.status}`}>{run.status.replaceAll('_', ' ')}</span>
      </td>
      <td>{run.agent}</td>
      <td>
        <BudgetList run={run} at={props.at} />
      </td>
      <td>{run.pendingApprovals}</td>
      <td title={run.updatedAt}>{ago(run.updatedAt, props.at)}</td>
    </tr>
  );
}
