import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import type { GraphqlResponse } from '../../graphql/testing/graphqlRequest.js';
import { PUBLISH } from '../../graphql/testing/governanceOperations.js';
import { startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime, TestRuntimeOptions } from '../../graphql/testing/testRuntime.js';
import { keyFolder, quickEngine } from '../../inference/remote/testing/engineFixtures.js';
import { startOpenAiCompatiblePeer } from '../../inference/remote/testing/openAiCompatiblePeer.js';
import type {
  OpenAiCompatiblePeer,
  OpenAiCompatiblePeerOptions,
} from '../../inference/remote/testing/openAiCompatiblePeer.js';

/**
 * Apps may request completions; this tenant's data goes to local engines only; the engine `gated` needs a
 * reviewer; a response is released when the classifier scored it under 0.7.
 */
export const COMPLETION_POLICIES = `
@id("app-completions") @reason("apps may use engines")
permit(principal, action == Mir::Action::"requestCompletion", resource) when { principal.role == "app" };

@id("local-only") @reason("this tenant's data goes to local engines only")
forbid(principal, action == Mir::Action::"requestCompletion", resource)
  when { context.completion.locality == "remote" };

@id("gated-engine") @approval("required") @reason("the gated engine needs a human")
forbid(principal, action == Mir::Action::"requestCompletion", resource) when { context.completion.engine == "gated" };

@id("release-low-risk") @reason("responses the classifier finds harmless are released")
permit(principal, action == Mir::Action::"releaseCompletion", resource)
  when { context has riskScoreBp && context.riskScoreBp < 7000 };
`;

export const REGISTER_ENGINE = `mutation($name: String!, $baseUrl: String!, $locality: EngineLocality!,
  $apiKeyFile: String, $timeoutMs: Int!, $maxRetries: Int!) {
  registerEngine(name: $name, kind: openai_compatible, baseUrl: $baseUrl, model: "peer-model",
    apiKeyFile: $apiKeyFile, locality: $locality, timeoutMs: $timeoutMs, maxRetries: $maxRetries) {
    __typename
    ... on RegisterEnginePayload { alreadyRegistered engine { name revision locality usesApiKey } }
    ... on Error { code message }
  } }`;

const EVENTS = 'events { id position }';
export const COMPLETE = `mutation($runId: ID!, $engine: String, $messages: [ChatMessageInput!]!,
  $parameters: CompletionParametersInput, $approvalId: ID, $stream: Boolean, $key: String) {
  requestCompletion(runId: $runId, engine: $engine, messages: $messages, parameters: $parameters,
    approvalId: $approvalId, stream: $stream, idempotencyKey: $key) {
    __typename
    ... on CompletionReleased { completionId engine content finishReason reportedModel responseDigest
      usage { promptTokens completionTokens totalTokens } ${EVENTS} }
    ... on CompletionPendingApproval { completionId approvalId ${EVENTS} }
    ... on CompletionRefused { completionId reason message details ${EVENTS} }
    ... on CompletionWithheldResult { completionId message riskScore determiningPolicies ${EVENTS} }
    ... on CompletionFailedResult { completionId reason message attempts ${EVENTS} }
    ... on CompletionGrantRefused { approvalId reason message ${EVENTS} }
    ... on Error { code message }
  } }`;

export const EMBED = `mutation($runId: ID!, $engine: String!, $inputs: [String!]!, $key: String) {
  requestEmbeddings(runId: $runId, engine: $engine, inputs: $inputs, idempotencyKey: $key) {
    __typename
    ... on EmbeddingsCompleted { completionId vectors responseDigest ${EVENTS} }
    ... on CompletionRefused { reason }
    ... on Error { code message }
  } }`;

export const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "looked at it") {
    __typename } }`;

/** The API key the peer demands: it must never show up in the ledger, an answer or a log. */
export const API_KEY = 'sk-mir-test-9f86d081884c7d659a2feaa0c55ad015';

export interface CompletionFixture {
  readonly rt: TestRuntime;
  readonly peer: OpenAiCompatiblePeer;
  readonly admin: string;
  readonly app: string;
  readonly reviewer: string;
  /** Sends `query` as `authorization` (default: the app) and answers `data[field]`. */
  ask(
    query: string,
    variables: Record<string, unknown>,
    authorization?: string,
  ): Promise<Record<string, unknown>>;
  raw(query: string, variables: Record<string, unknown>, authorization: string): Promise<GraphqlResponse>;
  /** A fresh run of the app (with `budget`). */
  run(budget?: Record<string, number>): Promise<string>;
  /** Registers an engine on the peer as the admin. */
  engine(
    name: string,
    locality: 'local' | 'remote',
    overrides?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A governed runtime, a real OpenAI-compatible peer demanding `API_KEY`, its key file, and the policies above. */
export async function openCompletionFixture(
  options: TestRuntimeOptions = {},
  peerOptions: OpenAiCompatiblePeerOptions = {},
): Promise<CompletionFixture> {
  const rt = await openTestRuntime({ governance: true, completionEngine: quickEngine, ...options });
  const peer = await startOpenAiCompatiblePeer({ apiKey: API_KEY, ...peerOptions });
  const keys = await keyFolder();
  const keyFile = await keys.write('peer.key', `${API_KEY}\n`, 0o600);
  const [admin, app, reviewer] = await Promise.all([
    rt.bearer('admin'),
    rt.bearer('app'),
    rt.bearer('reviewer'),
  ]);
  const raw = (query: string, variables: Record<string, unknown>, authorization: string) =>
    graphqlRequest(rt.api.yoga, query, { authorization, variables });
  const ask = async (query: string, variables: Record<string, unknown>, authorization = app) => {
    const response = await raw(query, variables, authorization);
    const data = response.data as Record<string, Record<string, unknown>> | null | undefined;
    const field = data == null ? undefined : Object.values(data)[0];
    if (field === undefined) throw new Error(`no answer: ${JSON.stringify(response)}`);
    return field;
  };
  const published = await raw(PUBLISH, { p: COMPLETION_POLICIES }, admin);
  if (JSON.stringify(published).includes('PolicyInvalidError')) throw new Error(JSON.stringify(published));
  return {
    rt,
    peer,
    admin,
    app,
    reviewer,
    ask,
    raw,
    run: async (budget = {}) => (await startRun(rt.api.yoga, app, { budget })).run.id,
    engine: (name, locality, overrides = {}) =>
      ask(
        REGISTER_ENGINE,
        {
          name,
          baseUrl: peer.baseUrl,
          locality,
          apiKeyFile: keyFile,
          timeoutMs: 2_000,
          maxRetries: 2,
          ...overrides,
        },
        admin,
      ),
    close: async () => {
      await rt.close();
      await peer.close();
      await keys.dispose();
    },
  };
}
