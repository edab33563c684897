import type { MirYoga } from '../server/createYogaServer.js';

export interface GraphqlResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly data?: Data | null;
  readonly errors?: ReadonlyArray<{
    message: string;
    path?: readonly unknown[];
    extensions?: Record<string, unknown>;
  }>;
}

export interface RequestOptions {
  readonly authorization?: string | null;
  readonly variables?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** One GraphQL POST through `yoga.fetch`, in process (no port). */
export async function graphqlRequest<Data = Record<string, unknown>>(
  yoga: MirYoga,
  query: string,
  options: RequestOptions = {},
): Promise<GraphqlResponse<Data>> {
  const response = await yoga.fetch('http://mir.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(options.authorization == null ? {} : { authorization: options.authorization }),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  const body = (await response.json()) as Omit<GraphqlResponse<Data>, 'status'>;
  return { status: response.status, ...body };
}

/** The `extensions.code` of every error of a response, in order. */
export function errorCodes(response: GraphqlResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}
