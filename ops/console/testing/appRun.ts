import { createClient } from 'graphql-sse';
import type { RecordedEvent } from '../../../domain/index.js';
import {
  INVOKE,
  PAYMENT_GATE_POLICIES,
  PAYMENT_TOOL,
  PUBLISH,
  REGISTER_TOOL,
} from '../../../graphql/testing/governanceOperations.js';
import { RECORD_STEP, START_RUN } from '../../../graphql/testing/runOperations.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import type { ConsoleServer } from './consoleServer.js';

/**
 * What an application does against a console test's server, over real HTTP with the app's key: runs, steps, and
 * the approval-gated payment of graphql/testing/governanceOperations.ts.
 */

const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: { paid: true }) {
    __typename ... on ToolCallCompleted { callId outputDigest } ... on Error { code message } } }`;

/** The admin publishes the payment gate (payments need a reviewer) and registers the app-executed payment tool. */
export async function publishPaymentGate(server: ConsoleServer): Promise<void> {
  await server.graphql('admin', PUBLISH, { p: PAYMENT_GATE_POLICIES, d: 'payments need a human' });
  await server.graphql('admin', REGISTER_TOOL, { ...PAYMENT_TOOL });
}

/** Starts a run with `goal` and records one step; its id. */
export async function startAppRun(server: ConsoleServer, goal: string): Promise<string> {
  const started = await server.graphql('app', START_RUN, { goal, agent: 'payer', input: { invoice: 7 } });
  const runId = (started.startRun as { run: { id: string } }).run.id;
  await server.graphql('app', RECORD_STEP, {
    runId,
    kind: 'plan',
    summary: 'pay invoice 7',
    payload: { invoice: 7 },
  });
  return runId;
}

/** The app asks to pay; the policy makes the call wait for a reviewer. */
export async function requestPayment(
  server: ConsoleServer,
  runId: string,
  amount: number,
): Promise<{ approvalId: string; callId: string }> {
  const answer = await invoke(server, runId, amount, null);
  if (answer.__typename !== 'ToolCallPendingApproval')
    throw new Error(`expected the payment to wait for approval: ${JSON.stringify(answer)}`);
  return { approvalId: answer.approvalId as string, callId: answer.callId as string };
}

/**
 * The app resumes an approved payment with the approval id (a single-use grant), runs it and reports the result:
 * the run records `ToolCallCompleted`. Throws when the call is not granted or the result is refused.
 */
export async function resumePayment(
  server: ConsoleServer,
  runId: string,
  amount: number,
  approvalId: string,
): Promise<void> {
  const granted = await invoke(server, runId, amount, approvalId);
  if (granted.__typename !== 'ToolCallGranted')
    throw new Error(`expected a grant for approval ${approvalId}: ${JSON.stringify(granted)}`);
  const reported = await server.graphql('app', REPORT, {
    runId,
    callId: granted.callId,
    grantId: granted.grantId,
  });
  if (reported.recordToolResult?.__typename !== 'ToolCallCompleted')
    throw new Error(`the payment's result was refused: ${JSON.stringify(reported)}`);
}

async function invoke(server: ConsoleServer, runId: string, amount: number, approvalId: string | null) {
  const variables = {
    runId,
    tool: PAYMENT_TOOL.name,
    version: PAYMENT_TOOL.version,
    args: { amount },
    approvalId,
  };
  return (await server.graphql('app', INVOKE, variables)).invokeTool!;
}

/**
 * Follows the run's events over graphql-sse (`runEvents`, from its first event) with the app's key, as a waiting
 * app would, until one of `type` arrives; that event's data.
 */
export async function nextRunEvent(
  server: ConsoleServer,
  runId: string,
  type: string,
): Promise<Record<string, unknown>> {
  const client = createClient({
    url: `${server.url}/graphql`,
    retryAttempts: 0,
    headers: { authorization: `Bearer ${server.keys.app.token}` },
  });
  try {
    const results = client.iterate<{ runEvents: { type: string; data: Record<string, unknown> } }>({
      query: 'subscription($runId: ID!) { runEvents(runId: $runId) { type data } }',
      variables: { runId },
    });
    for await (const result of results) {
      if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
      const event = result.data?.runEvents;
      if (event?.type === type) return event.data;
    }
    throw new Error(`run ${runId}'s events ended before ${type}`);
  } finally {
    client.dispose();
  }
}

/** Appends steps to one running run, keeping its revision and step number between calls. */
export interface StepAppender {
  /** Appends `count` steps in one atomic append (one commit); the position of the last. */
  append(count: number): Promise<number>;
}

/**
 * Steps for a running run written straight through the ledger's write path (the event log's atomic,
 * expected-revision append, as the run service does after deciding): how a test gets a long run in seconds and a
 * benchmark knows the moment each event committed. The run's stream must not be written meanwhile by anything else.
 */
export async function stepAppender(server: ConsoleServer, runId: string): Promise<StepAppender> {
  const log = server.runtime.ledger.log;
  const stream = `run-${runId}`;
  const history = await ledgerEventsOf(server, runId);
  const last = history.at(-1);
  if (last === undefined) throw new Error(`no run ${runId}`);
  let step = history.filter((event) => event.type === 'StepRecorded').length;
  let revision = last.revision;
  const meta = {
    tenant: server.keys.app.tenant,
    actor: { kind: 'service', id: server.keys.app.keyId },
    correlationId: runId,
    causationId: last.id,
  } as const;
  return {
    async append(count) {
      const occurredAt = new Date().toISOString();
      const events = Array.from({ length: count }, () => {
        step += 1;
        const data = { stepNumber: step, kind: 'tick', summary: `tick ${step}`, payload: null };
        return {
          id: uuidV7Ids.newId(),
          type: 'StepRecorded',
          schemaVersion: 1,
          data,
          meta: { ...meta, occurredAt },
        };
      });
      const result = await log.append(stream, events, revision);
      revision = result.nextExpectedRevision;
      return result.lastPosition;
    },
  };
}

/** Appends `count` steps to a running run in batches of 500 (see stepAppender). */
export async function appendSteps(server: ConsoleServer, runId: string, count: number): Promise<void> {
  const steps = await stepAppender(server, runId);
  for (let done = 0; done < count; done += 500) await steps.append(Math.min(500, count - done));
}

/** The run's events as the ledger holds them, in order. */
export async function ledgerEventsOf(server: ConsoleServer, runId: string): Promise<RecordedEvent[]> {
  return server.runtime.ledger.log.readStream(`run-${runId}`, { maxCount: 100_000 });
}

/** The app ends its run with an output. */
export async function completeAppRun(server: ConsoleServer, runId: string): Promise<void> {
  const answer = await server.graphql(
    'app',
    `mutation($runId: ID!) { completeRun(runId: $runId, output: { paid: true }) { __typename } }`,
    { runId },
  );
  if (answer.completeRun?.__typename !== 'RunCommandPayload')
    throw new Error(`completeRun refused: ${JSON.stringify(answer)}`);
}

/** The app proposes a tenant fact drawn from `sources` (event ids): a memory waiting for review. Its id. */
export async function proposeFact(
  server: ConsoleServer,
  content: string,
  sources: string[],
): Promise<string> {
  const answer = await server.graphql(
    'app',
    `mutation($content: String!, $sources: [ID!]) {
      proposeMemory(type: fact, scope: tenant, content: $content, provenance: $sources) {
        __typename ... on MemoryPayload { memoryId } ... on Error { code message } } }`,
    { content, sources },
  );
  const memoryId = answer.proposeMemory?.memoryId;
  if (typeof memoryId !== 'string') throw new Error(`proposeMemory refused: ${JSON.stringify(answer)}`);
  return memoryId;
}
