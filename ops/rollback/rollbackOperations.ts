import type { MirYoga } from '../../graphql/server/createYogaServer.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';

/** `rollbackRun` with every member of its result selected. */
export const ROLLBACK = `mutation($runId: ID!, $toStep: Int, $toPosition: Position, $reason: String!, $key: String,
  $approvalId: ID) {
  rollbackRun(runId: $runId, toStep: $toStep, toPosition: $toPosition, reason: $reason, idempotencyKey: $key,
    approvalId: $approvalId) {
    __typename
    ... on RollbackEnded {
      rollbackId status pointPosition
      compensated { callId compensationCallId }
      failed { callId compensationCallId outcome reason message }
      unapplied { memoryId memoryRevision appliedAt }
      leftBehind { callId tool version requestedAt why problem }
      events { id position }
    }
    ... on RollbackNothingToDo { runId pointPosition }
    ... on RollbackPendingApproval { rollbackId approvalId expiresAt determiningPolicies events { id } }
    ... on RollbackDenied { rollbackId reason message details events { id } }
    ... on RollbackPointNotFoundError { step position lastStep lastPosition }
    ... on RollbackInProgressError { runId rollbackId refusalEventId }
    ... on Error { code message }
  } }`;

export const INVOKE = `mutation($runId: ID!, $tool: String!, $version: String!, $args: JSON!) {
  invokeTool(runId: $runId, tool: $tool, version: $version, args: $args) {
    __typename
    ... on ToolCallCompleted { callId output }
    ... on ToolCallDenied { reason message details }
    ... on Error { code message }
  } }`;

export const PUBLISH = `mutation($p: String!) { publishPolicy(policies: $p, description: "rollback test") {
  __typename ... on Error { code message } } }`;

export type Answer = Record<string, unknown>;

/** One GraphQL operation; returns the root field's answer, failing on transport or GraphQL errors. */
export async function call(
  yoga: MirYoga,
  authorization: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Answer> {
  const response = await graphqlRequest<Record<string, Answer>>(yoga, query, { authorization, variables });
  const [answer] = Object.values(response.data ?? {});
  if (answer === undefined || response.errors !== undefined)
    throw new Error(`request failed: ${JSON.stringify(response)}`);
  return answer;
}
