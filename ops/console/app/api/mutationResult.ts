import { ApiError } from './graphql.js';

/**
 * One member of a mutation's result union as the console asks for it: `__typename`, and for the error members
 * (which implement the `Error` interface) `code` and `message`, plus whatever fields the query selected.
 */
export interface ResultMember {
  readonly __typename: string;
  readonly code?: string;
  readonly message?: string;
  /** A refusal the server recorded names its evidence event. */
  readonly eventId?: string | null;
}

/** An error member of a mutation's result union, with every field it carried (problems, limits, …). */
export class MutationError extends ApiError {
  constructor(
    readonly typename: string,
    readonly fields: Readonly<Record<string, unknown>>,
    code: string,
    message: string,
  ) {
    super(code, message);
    this.name = 'MutationError';
  }
}

/**
 * The success member of a result union, or a MutationError carrying the error member in the API's words. A
 * refusal recorded on the ledger says so with its event id (`MemoryRefusedError`, `PolicyLimitExceededError`).
 */
export function successOf<T extends ResultMember>(result: ResultMember, typename: T['__typename']): T {
  if (result.__typename === typename) return result as T;
  const code = result.code ?? result.__typename;
  const recorded = result.eventId == null ? '' : ` (refusal recorded as event ${result.eventId})`;
  throw new MutationError(
    result.__typename,
    result as unknown as Record<string, unknown>,
    code,
    `${result.message ?? result.__typename}${recorded}`,
  );
}
