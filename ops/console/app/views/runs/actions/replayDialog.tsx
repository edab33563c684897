import { useState } from 'preact/hooks';
import { JsonView } from '../../../ui/jsonView.js';
import { ActionDialog } from './actionDialog.js';
import type { Answer } from './actionAnswers.js';
import type { RunDialogProps } from './runDialogProps.js';
import { REPLAY_RUN } from './runMutations.js';
import { useRunMutation } from './useRunMutation.js';

const CHECKS = [
  { name: 'state', label: 'State: rebuild the run event by event and compare it with the read model' },
  { name: 'inference', label: 'Inference: run each recorded inference again on the recorded model file' },
  { name: 'policy', label: 'Policy: decide each recorded policy decision again under its recorded version' },
] as const;
type Check = (typeof CHECKS)[number]['name'];

interface ReplayItem {
  readonly check: string;
  readonly subject: string;
  readonly eventId: string;
  readonly match: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly note: string | null;
}

/**
 * Replays the run (`replayRun`) with the checks chosen, and lists what it compared: the counts per check, every
 * mismatch with both values, then the findings that matched. The replay is recorded on the run (`RunReplayed`);
 * the API takes no reason for it, so none is asked.
 */
export function ReplayDialog(props: RunDialogProps) {
  const [checks, setChecks] = useState<Record<Check, boolean>>({
    state: true,
    inference: true,
    policy: true,
  });
  const replay = useRunMutation(REPLAY_RUN, 'replayRun', props.onChanged);
  const none = !checks.state && !checks.inference && !checks.policy;
  return (
    <ActionDialog
      title="Replay"
      onClose={props.onClose}
      answer={replay.result}
      error={replay.error}
      extra={replay.result?.__typename === 'RunReplay' && <ReplayFindings replay={replay.result} />}
    >
      <form class="stack" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>Checks</legend>
          {CHECKS.map((check) => (
            <label key={check.name} class="check">
              <input
                type="checkbox"
                checked={checks[check.name]}
                onChange={(event) => setChecks({ ...checks, [check.name]: event.currentTarget.checked })}
              />
              {check.label}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          class="primary"
          disabled={replay.busy || none}
          onClick={() => void replay.run({ runId: props.run.id, options: checks })}
        >
          Replay now
        </button>
      </form>
    </ActionDialog>
  );
}

function ReplayFindings(props: { readonly replay: Answer }) {
  const counts = props.replay.counts as Record<Check, { checked: number; mismatches: number }>;
  const items = props.replay.items as readonly ReplayItem[];
  const mismatches = items.filter((item) => !item.match);
  const matched = items.filter((item) => item.match);
  return (
    <>
      <ul aria-label="Checked per check">
        {CHECKS.map(({ name }) => (
          <li key={name}>
            {name}: {counts[name].checked} checked, {counts[name].mismatches} mismatch(es)
          </li>
        ))}
      </ul>
      {mismatches.length > 0 && <FindingList label="Mismatches" items={mismatches} />}
      {matched.length > 0 && (
        <details>
          <summary>Findings that matched ({matched.length})</summary>
          <FindingList label="Findings that matched" items={matched} />
        </details>
      )}
    </>
  );
}

function FindingList(props: { readonly label: string; readonly items: readonly ReplayItem[] }) {
  return (
    <section aria-label={props.label}>
      <h3>{props.label}</h3>
      <ol class="findings">
        {props.items.map((item, index) => (
          <li key={`${item.eventId}-${item.subject}-${index}`} class={item.match ? 'match' : 'mismatch'}>
            <strong>{item.check}</strong> · {item.subject} · event <code>{item.eventId}</code>
            {item.note !== null && <span> · {item.note}</span>}
            {!item.match && (
              <>
                <JsonView label="Expected (the ledger)" value={item.expected} limit={1_000} />
                <JsonView label="Actual (the replay)" value={item.actual} limit={1_000} />
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
