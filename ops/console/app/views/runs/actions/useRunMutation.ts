import { useMemo } from 'preact/hooks';
import { gql } from '../../../api/graphql.js';
import { useAction } from '../../../ui/useAction.js';
import type { ActionState } from '../../../ui/useAction.js';
import type { Answer } from './actionAnswers.js';
import { newIdempotencyKey, submissionKeys } from '../../../ui/submissionKeys.js';

/**
 * One run action's mutation for one open dialog: each submission carries the idempotency key of its arguments
 * (submissionKeys), so a double click or a retry acts once. Any answer, typed errors included, calls `onChanged`:
 * the timeline reads the run again.
 */
export function useRunMutation(
  document: string,
  field: string,
  onChanged: () => void,
): ActionState<[Readonly<Record<string, unknown>>], Answer> {
  const keys = useMemo(() => submissionKeys(() => newIdempotencyKey()), []);
  return useAction(async (variables: Readonly<Record<string, unknown>>) => {
    const idempotencyKey = keys.keyFor(variables);
    const data = await gql<Record<string, Answer>>(document, { ...variables, idempotencyKey });
    onChanged();
    const answer = data[field];
    if (answer === undefined) throw new Error(`the server answered no ${field}`);
    return answer;
  });
}
