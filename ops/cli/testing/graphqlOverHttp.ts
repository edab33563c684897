export type Data = Record<string, Record<string, unknown>>;

/**
 * One GraphQL request over real HTTP to a running server (`url` is its origin); the data, or an Error carrying every
 * GraphQL error of the answer (which fails the test or benchmark that asked). No vitest import: benchmarks use it.
 */
export async function graphqlOk(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Data> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors !== undefined) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}
