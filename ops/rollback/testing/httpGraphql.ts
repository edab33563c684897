import { KV_WRITE_TOOL_VERSION } from '../../tools/index.js';

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

/**
 * Publishes `PERMIT_ALL`, starts a run as `app`, records step 1, then writes `count` keys (`k0`, `k1`, …) with
 * kv.put: a run whose rollback to step 1 has `count` compensations. Returns the run id.
 */
export async function runWithWrites(url: string, admin: string, app: string, count: number): Promise<string> {
  await httpGraphql(url, admin, `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`, {
    p: PERMIT_ALL,
  });
  const started = await httpGraphql(
    url,
    app,
    `mutation { startRun(goal: "g", agent: "a") { ... on RunCommandPayload { run { id } } } }`,
  );
  const runId = (started.run as { id: string }).id;
  const step = `mutation($id: ID!) { recordStep(runId: $id, kind: "k", summary: "s") { __typename } }`;
  await httpGraphql(url, app, step, { id: runId });
  const put = `mutation($id: ID!, $key: String!, $v: String!) {
    invokeTool(runId: $id, tool: "kv.put", version: $v, args: { key: $key, value: 1 }) { __typename } }`;
  for (let index = 0; index < count; index++)
    await httpGraphql(url, app, put, { id: runId, key: `k${index}`, v: KV_WRITE_TOOL_VERSION });
  return runId;
}
