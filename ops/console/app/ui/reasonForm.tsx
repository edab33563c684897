import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

/**
 * The "why" every decision in MIR records: a required Reason field and the buttons that submit it. Each button
 * gets the reason; the form stays disabled while `busy`.
 */
export function ReasonForm(props: {
  readonly id: string;
  readonly busy: boolean;
  readonly actions: readonly {
    readonly label: string;
    readonly kind?: 'primary' | 'danger';
    readonly onSubmit: (reason: string) => void;
  }[];
  readonly children?: ComponentChildren;
}) {
  const [reason, setReason] = useState('');
  const empty = reason.trim() === '';
  return (
    <form class="reason-form" onSubmit={(event) => event.preventDefault()}>
      {props.children}
      <label for={`${props.id}-reason`}>Reason</label>
      <input
        id={`${props.id}-reason`}
        value={reason}
        required
        maxLength={1_000}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      {props.actions.map((action) => (
        <button
          key={action.label}
          type="button"
          class={action.kind}
          disabled={props.busy || empty}
          onClick={() => action.onSubmit(reason.trim())}
        >
          {action.label}
        </button>
      ))}
    </form>
  );
}
