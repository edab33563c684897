import type { MirYoga } from '../server/createYogaServer.js';
import { graphqlRequest } from './graphqlRequest.js';

export const REQUEST_INFERENCE = `
  mutation Infer($runId: ID!, $model: String!, $version: String, $inputs: [TensorInput!], $texts: [String!],
                 $timeoutMs: Int, $key: String) {
    requestInference(runId: $runId, model: $model, version: $version, inputs: $inputs, texts: $texts,
                     timeoutMs: $timeoutMs, idempotencyKey: $key) {
      __typename
      ... on InferencePayload {
        replayed
        inference { inferenceId runId model { name version sha256 } executionProvider runtime runtimeVersion
                    inputDigest outputDigest latencyMs outputs { name type dims data } }
        requestedEvent { id type position stream }
        completedEvent { id type position stream data }
      }
      ... on Error { code message }
      ... on InvalidInferenceInputError { input details }
      ... on RunNotActiveError { runId status }
      ... on RunBudgetExceededError { budget limit actual }
      ... on ModelNotFoundError { model version }
      ... on InferenceFailedError { inferenceId failedEventId replayed }
      ... on InferenceInProgressError { inferenceId }
      ... on OverloadedError { queued queueLimit retryable }
    }
  }`;

export interface InferencePayload {
  readonly __typename: string;
  readonly replayed?: boolean;
  readonly code?: string;
  readonly inference?: {
    inferenceId: string;
    model: { name: string; version: string; sha256: string };
    executionProvider: string;
    outputs: Array<{ name: string; type: string; dims: number[]; data: number[] }>;
    [field: string]: unknown;
  };
  readonly requestedEvent?: { id: string; type: string; position: number; stream: string };
  readonly completedEvent?: { id: string; type: string; position: number; stream: string; data: unknown };
  readonly [field: string]: unknown;
}

export async function requestInference(
  yoga: MirYoga,
  authorization: string,
  variables: Record<string, unknown>,
): Promise<InferencePayload> {
  const response = await graphqlRequest<{ requestInference: InferencePayload }>(yoga, REQUEST_INFERENCE, {
    authorization,
    variables,
  });
  if (response.data?.requestInference === undefined)
    throw new Error(`requestInference failed: ${JSON.stringify(response)}`);
  return response.data.requestInference;
}
