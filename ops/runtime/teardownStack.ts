/** How one opened resource is closed. */
type CloseStep = () => unknown;

/**
 * The resources a composition opened, in the order it opened them. `close()` closes them last-first, and is the
 * one teardown for both a start that failed halfway and a graceful stop: whatever was opened before a failure is
 * exactly what gets closed. Every step runs even when an earlier one fails; each failure goes to `onError`, and
 * `close()` then rejects with the first. Calling `close()` again returns the same promise.
 */
export class TeardownStack {
  readonly #steps: { readonly name: string; readonly close: CloseStep }[] = [];
  readonly #onError: (step: string, error: unknown) => void;
  #closing: Promise<void> | null = null;

  constructor(onError: (step: string, error: unknown) => void) {
    this.#onError = onError;
  }

  /** Registers how to close what was just opened (call it right after the open succeeds, before anything else). */
  defer(name: string, close: CloseStep): void {
    if (this.#closing !== null) throw new Error(`cannot defer "${name}": the teardown has already run`);
    this.#steps.push({ name, close });
  }

  close(): Promise<void> {
    this.#closing ??= this.#run();
    return this.#closing;
  }

  async #run(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of [...this.#steps].reverse()) {
      try {
        await step.close();
      } catch (error) {
        failures.push(error);
        this.#onError(step.name, error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
