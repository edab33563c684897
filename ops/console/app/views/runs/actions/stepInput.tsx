/**
 * The "Step" number input of rollback and fork, holding what was typed (see stepValue for what counts as a step);
 * the field is marked invalid while it holds no step from `min` to `max`.
 */
export function StepInput(props: {
  readonly id: string;
  readonly min: number;
  readonly max: number;
  readonly text: string;
  readonly valid: boolean;
  readonly onInput: (text: string) => void;
  readonly help: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>Step</label>
      <input
        id={props.id}
        type="number"
        min={props.min}
        max={props.max}
        step={1}
        required
        value={props.text}
        aria-invalid={!props.valid}
        aria-describedby={`${props.id}-help`}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <p id={`${props.id}-help`} class="hint">
        {props.help}
      </p>
    </div>
  );
}
