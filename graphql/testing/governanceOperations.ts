import type { MirYoga } from '../server/createYogaServer.js';
import { graphqlRequest } from './graphqlRequest.js';
import { recordStep, startRun } from './runOperations.js';

/** Apps may call any tool; tools tagged `payment` need a reviewer's approval. */
export const PAYMENT_GATE_POLICIES = `
@id("app-any") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("payments-gate") @approval("required") @reason("payments need a human")
forbid(principal, action, resource) when { context.tool.riskTags.contains("payment") };
`;

export const PUBLISH = `mutation($p: String!, $d: String) { publishPolicy(policies: $p, description: $d) {
  __typename
  ... on PublishPolicyPayload { published policySet { tenant version sha256 policyIds description publishedAt } }
  ... on PolicyInvalidError { code problems { policyId message } }
} }`;

export const REGISTER_TOOL = `mutation($name: String!, $version: String!, $input: JSON!, $side: SideEffect!,
  $execution: ExecutionMode!, $tags: [String!]) {
  registerTool(name: $name, version: $version, inputSchema: $input, outputSchema: { type: "object" },
    sideEffect: $side, timeoutMs: 1000, execution: $execution, riskTags: $tags) {
    __typename
    ... on RegisterToolPayload { alreadyRegistered tool { name version sideEffect execution riskTags } }
    ... on ToolInvalidError { reason field }
    ... on ToolVersionConflictError { name version differingFields }
    ... on ToolNameReservedError { code name }
  } }`;

export const INVOKE = `mutation($runId: ID!, $tool: String!, $version: String!, $args: JSON!, $approvalId: ID) {
  invokeTool(runId: $runId, tool: $tool, version: $version, args: $args, approvalId: $approvalId) {
    __typename
    ... on ToolCallCompleted { callId output outputDigest compensation events { id } }
    ... on ToolCallDenied { callId reason message details events { id } }
    ... on ToolCallPendingApproval { callId approvalId expiresAt }
    ... on ToolCallGranted { callId grantId argsDigest }
    ... on ToolGrantRefused { reason }
    ... on Error { code message }
  } }`;

/** The app-executed, approval-gated payment tool. */
export const PAYMENT_TOOL = {
  name: 'acme.pay',
  version: '1',
  input: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
  side: 'irreversible',
  execution: 'app',
  tags: ['payment'],
} as const;

/** Publishes the payment gate for the admin's tenant and registers the payment tool (idempotent). */
export async function setUpPaymentGate(yoga: MirYoga, admin: string): Promise<void> {
  const published = await graphqlRequest(yoga, PUBLISH, {
    authorization: admin,
    variables: { p: PAYMENT_GATE_POLICIES },
  });
  const registered = await graphqlRequest(yoga, REGISTER_TOOL, {
    authorization: admin,
    variables: PAYMENT_TOOL,
  });
  if (published.errors !== undefined || registered.errors !== undefined)
    throw new Error(`payment gate set-up refused: ${JSON.stringify([published, registered])}`);
}

export interface GatedCall {
  readonly runId: string;
  readonly approvalId: string;
  readonly callId: string;
  readonly variables: Record<string, unknown>;
}

/** A fresh running run of the app's tenant whose payment call waits for a reviewer. */
export async function gatedPayment(yoga: MirYoga, app: string, amount: number): Promise<GatedCall> {
  const { run } = await startRun(yoga, app);
  await recordStep(yoga, app, run.id);
  const variables = {
    runId: run.id,
    tool: PAYMENT_TOOL.name,
    version: PAYMENT_TOOL.version,
    args: { amount },
  };
  const response = await graphqlRequest<Record<string, Record<string, unknown>>>(yoga, INVOKE, {
    authorization: app,
    variables,
  });
  const pending = response.data?.invokeTool;
  if (pending?.__typename !== 'ToolCallPendingApproval')
    throw new Error(`expected the payment to wait for approval: ${JSON.stringify(response)}`);
  return {
    runId: run.id,
    approvalId: pending.approvalId as string,
    callId: pending.callId as string,
    variables,
  };
}
