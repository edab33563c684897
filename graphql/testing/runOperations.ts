import type { MirYoga } from '../server/createYogaServer.js';
import { graphqlRequest } from './graphqlRequest.js';

/** Selections the tests share: every run mutation answers with this shape. */
const COMMON_FIELDS = `
  __typename
  ... on RunCommandPayload { replayed run { id status stepCount revision lastPosition } events { id type position } }
  ... on Error { code message }
  ... on InvalidCommandError { field reason }
`;

/** For commands on an existing run (every one but startRun). */
export const RESULT_FIELDS = `${COMMON_FIELDS}
  ... on RunNotFoundError { runId }
  ... on RunNotActiveError { runId status }
`;

export const START_RUN = `
  mutation Start($goal: String!, $agent: String!, $input: JSON, $budget: RunBudgetInput, $key: String) {
    startRun(goal: $goal, agent: $agent, input: $input, budget: $budget, idempotencyKey: $key) { ${COMMON_FIELDS} }
  }`;

export const RECORD_STEP = `
  mutation Step($runId: ID!, $kind: String!, $summary: String!, $payload: JSON, $key: String) {
    recordStep(runId: $runId, kind: $kind, summary: $summary, payload: $payload, idempotencyKey: $key) {
      ${RESULT_FIELDS}
      ... on RunBudgetExceededError { budget limit actual }
    }
  }`;

export interface RunPayload {
  readonly __typename: string;
  readonly replayed?: boolean;
  readonly code?: string;
  readonly run?: { id: string; status: string; stepCount: number; revision: number; lastPosition: number };
  readonly events?: Array<{ id: string; type: string; position: number }>;
  readonly [field: string]: unknown;
}

/** Starts a run and returns its payload; fails the test when the API refuses. */
export async function startRun(
  yoga: MirYoga,
  authorization: string,
  variables: Record<string, unknown> = {},
): Promise<Required<Pick<RunPayload, 'run' | 'events'>> & RunPayload> {
  const response = await graphqlRequest<{ startRun: RunPayload }>(yoga, START_RUN, {
    authorization,
    variables: { goal: 'summarise the report', agent: 'summariser', input: { doc: 1 }, ...variables },
  });
  const payload = response.data?.startRun;
  if (payload?.run === undefined || payload.events === undefined) {
    throw new Error(`startRun failed: ${JSON.stringify(response)}`);
  }
  return payload as Required<Pick<RunPayload, 'run' | 'events'>> & RunPayload;
}

export async function recordStep(
  yoga: MirYoga,
  authorization: string,
  runId: string,
  variables: Record<string, unknown> = {},
): Promise<RunPayload> {
  const response = await graphqlRequest<{ recordStep: RunPayload }>(yoga, RECORD_STEP, {
    authorization,
    variables: { runId, kind: 'tool', summary: 'called a tool', payload: { n: 1 }, ...variables },
  });
  if (response.data?.recordStep === undefined)
    throw new Error(`recordStep failed: ${JSON.stringify(response)}`);
  return response.data.recordStep;
}
