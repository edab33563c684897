import type { ComponentChildren } from 'preact';
import { Dialog } from '../../../ui/dialog.js';
import { ErrorNote } from '../../../ui/errorNote.js';
import { describeAnswer } from './actionAnswers.js';
import type { Answer } from './actionAnswers.js';

/**
 * A run action's dialog: its form, then the API's answer in a status region (announced when it arrives), or the
 * failure that kept it from answering. `extra` shows what a particular answer carries beyond its headline.
 */
export function ActionDialog(props: {
  readonly title: string;
  readonly onClose: () => void;
  readonly answer: Answer | null;
  readonly error: string | null;
  readonly children: ComponentChildren;
  readonly extra?: ComponentChildren;
}) {
  const view = props.answer === null ? null : describeAnswer(props.answer);
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      {props.children}
      {props.error !== null && <ErrorNote message={props.error} />}
      <div role="status" class={`action-answer ${view === null ? '' : view.ok ? 'ok' : 'bad'}`}>
        {view !== null && (
          <>
            <p>
              <strong>{view.headline}</strong>
            </p>
            {view.details.length > 0 && (
              <ul>
                {view.details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            {props.extra}
          </>
        )}
      </div>
      <div class="dialog-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
