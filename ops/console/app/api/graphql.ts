import { authorization, signOut } from './session.js';

/** A GraphQL or HTTP failure, with the API's stable error code (`extensions.code`) when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphqlResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

/**
 * Sends one query or mutation to `/graphql` with the signed-in key and answers its `data`. Any error in the answer
 * (or a non-JSON answer) throws ApiError with the first error's code. A key the server no longer accepts signs the
 * session out: every later request would fail the same way.
 */
export async function gql<T>(
  query: string,
  variables: Readonly<Record<string, unknown>> = {},
  options: { readonly signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authorization() },
    body: JSON.stringify({ query, variables }),
    signal: options.signal ?? null,
  });
  let body: GraphqlResponse<T>;
  try {
    body = (await response.json()) as GraphqlResponse<T>;
  } catch {
    throw new ApiError(`HTTP_${response.status}`, `the server answered ${response.status} without JSON`);
  }
  const first = body.errors?.[0];
  if (first !== undefined) {
    const code = first.extensions?.code ?? 'UNKNOWN';
    if (code === 'UNAUTHENTICATED') signOut(first.message);
    throw new ApiError(code, first.message);
  }
  if (body.data === undefined || body.data === null) {
    throw new ApiError(`HTTP_${response.status}`, `the server answered ${response.status} without data`);
  }
  return body.data;
}

/** The message to show for any failure: the API's own words, with its code. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
