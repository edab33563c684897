import type { Counter } from 'prom-client';
import type { CompletionResult, CompletionService } from '../../domain/index.js';

type Completions = Pick<CompletionService, 'requestCompletion' | 'requestEmbeddings'>;

/**
 * `completions` counting each answered request in `counter` by kind (`chat`, `embeddings`) and outcome
 * (`completed`, `embedded`, `denied`, `withheld`, `failed`, `pending_approval`, `grant_refused`). Thrown refusals
 * (nothing recorded) are not counted. Engine names stay out of the labels: tenants name engines, and a metric's
 * label set must stay bounded.
 */
export function countedCompletions(
  completions: Completions,
  counter: Counter<'kind' | 'outcome'>,
): Completions {
  const count = async (kind: string, answer: Promise<CompletionResult>) => {
    const result = await answer;
    counter.inc({ kind, outcome: result.outcome });
    return result;
  };
  return {
    requestCompletion: (command, origin) => count('chat', completions.requestCompletion(command, origin)),
    requestEmbeddings: (command, origin) =>
      count('embeddings', completions.requestEmbeddings(command, origin)),
  };
}
