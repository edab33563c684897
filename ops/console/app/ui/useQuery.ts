import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeError, gql } from '../api/graphql.js';

export interface QueryState<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Asks again (after a mutation changed what the query shows). */
  reload(): void;
}

/**
 * Runs `query` when the component mounts and whenever `variables` change (compared as JSON), dropping the answer
 * of a request overtaken by a newer one. `variables` null: nothing to ask yet.
 */
export function useQuery<T>(
  query: string,
  variables: Readonly<Record<string, unknown>> | null,
): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(variables !== null);
  const [generation, setGeneration] = useState(0);
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setLoading(true);
    gql<T>(query, JSON.parse(key) as Record<string, unknown>, { signal: abort.signal })
      .then((answer) => {
        setData(answer);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!abort.signal.aborted) setError(describeError(failure));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [query, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload };
}
