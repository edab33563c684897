/** The "Step" number input of rollback and fork: a whole number from `min` to the run's step count. */
export function StepInput(props: {
  readonly id: string;
  readonly min: number;
  readonly max: number;
  readonly value: number;
  readonly onChange: (step: number) => void;
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
        value={props.value}
        aria-describedby={`${props.id}-help`}
        onInput={(event) => {
          const step = Number(event.currentTarget.value);
          if (Number.isSafeInteger(step)) props.onChange(step);
        }}
      />
      <p id={`${props.id}-help`} class="hint">
        {props.help}
      </p>
    </div>
  );
}
