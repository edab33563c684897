import { useState } from 'preact/hooks';
import { describeError } from '../api/graphql.js';

export interface ActionState<A extends unknown[], R> {
  readonly busy: boolean;
  readonly error: string | null;
  readonly result: R | null;
  /** Runs the action; a second call while one runs is ignored (no double submit). */
  run(...args: A): Promise<R | null>;
}

/** A user action (usually a mutation) with its busy flag, its last result and its error in the API's words. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): ActionState<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const run = async (...args: A): Promise<R | null> => {
    if (busy) return null;
    setBusy(true);
    setError(null);
    try {
      const answer = await action(...args);
      setResult(answer);
      return answer;
    } catch (failure) {
      setError(describeError(failure));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, result, run };
}
