/** Policies for the crash test: apps and admins may call tools, admins may roll back. */
export const PERMIT_ALL = `
@id("tools") permit(principal, action == Mir::Action::"invokeTool", resource)
  when { principal.role == "app" || principal.role == "admin" };
@id("rollback-admins") permit(principal, action == Mir::Action::"rollbackRun", resource)
  when { principal.role == "admin" };
`;

/** One GraphQL POST over real HTTP; returns the root field's answer, throwing on any GraphQL error. */
export async function httpGraphql(
  url: string,
  authorization: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, Record<string, unknown>>;
    errors?: unknown;
  };
  const [answer] = Object.values(body.data ?? {});
  if (answer === undefined || body.errors !== undefined)
    throw new Error(`request failed: ${JSON.stringify(body)}`);
  return answer;
}
