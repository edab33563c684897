import type { BlobStore } from '../blobs/blobStore.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { AppendedEvent } from '../ports/eventLog.js';
import type { PolicyDecision, PolicyRequest } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import type { RunStreamWriter } from '../runs/runStreamWriter.js';
import { referenceOf } from '../runs/runRecords.js';
import type { GovernedOrigin, RiskScore } from '../toolCalls/ports.js';
import type { RunEndWatch } from '../toolCalls/runEndWatch.js';
import type {
  ChatMessage,
  ChatToolSpec,
  CompletionEngine,
  CompletionParameters,
  EngineEndpoint,
} from './completionEngine.js';
import { CompletionError, isCompletionError } from './completionErrors.js';
import type { CompletionAnswer, CompletionFailedData, CompletionKind } from './completionEvents.js';
import { completionPolicyRecord, completionPolicyRequest } from './completionPolicy.js';
import type { CompletionResult } from './completionResult.js';

/** What calling an engine and recording its answer needs (the service passes its own). */
export interface CompletionCallDependencies {
  readonly engine: CompletionEngine;
  readonly blobs: BlobStore;
  readonly writer: RunStreamWriter;
  readonly runEnds: RunEndWatch;
  readonly decide: (request: PolicyRequest) => Promise<PolicyDecision>;
  readonly score: (text: string) => Promise<RiskScore | null>;
  readonly onDelta?: (delta: CompletionDelta) => void;
}

/** A piece of a streamed completion, as it arrived (never recorded: `CompletionCompleted` holds the whole). */
export interface CompletionDelta {
  readonly runId: string;
  readonly completionId: string;
  readonly text: string;
}

/** One allowed call: what was decided and recorded before it. */
export interface AllowedCall {
  readonly runId: string;
  readonly completionId: string;
  readonly kind: CompletionKind;
  readonly engine: RegisteredEngine;
  readonly parameters: CompletionParameters;
  readonly requestKey: string;
  readonly promptDigest: string;
  readonly argsDigest: string;
  readonly stream: boolean;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ChatToolSpec[];
  readonly inputs: readonly string[];
  /** The events recorded before the call; the last is its `CompletionRequested`. */
  readonly before: readonly AppendedEvent[];
  readonly state: RunState;
}

/** The adapter's view of a registered engine. */
export function endpointOf(engine: RegisteredEngine): EngineEndpoint {
  const { name, baseUrl, model, apiKeyFile, timeoutMs, maxRetries } = engine;
  return { name, baseUrl, model, apiKeyFile, timeoutMs, maxRetries };
}

/**
 * Calls the engine and records the outcome on the run's stream, whatever the run's status by then (the data did
 * leave, the ledger must say what came back): `CompletionFailed` for a `CompletionError` (any other error is
 * recorded as `ENGINE_BAD_RESPONSE`, never thrown); for a chat, the response stored as a blob, scored, and
 * decided by `releaseCompletion` — allowed: `CompletionCompleted` and the text; otherwise (or when that decision
 * cannot be made): `CompletionWithheld`, and the caller gets no text. The run's end (`cancelRun`) aborts the call
 * (`ENGINE_ABORTED`).
 */
export async function callAndRecord(
  deps: CompletionCallDependencies,
  call: AllowedCall,
  origin: GovernedOrigin,
): Promise<CompletionResult> {
  const requested = call.before.at(-1)!;
  const runEnd = deps.runEnds.watch(call.runId, requested);
  let planned: { readonly event: PlannedEvent; readonly result: CompletionResult };
  try {
    planned = await answer(deps, call, origin, runEnd.signal);
  } catch (error) {
    planned = failed(call, error);
  } finally {
    runEnd.stop();
  }
  const written = await deps.writer.write(call.runId, origin, (state) => ({
    events: [
      {
        ...planned.event,
        causationId: state.completions.get(call.completionId)?.requestedEventId ?? undefined,
      },
    ],
    value: planned.result,
  }));
  return { ...written.value, events: [...call.before, ...written.appended].map(referenceOf) };
}

async function answer(
  deps: CompletionCallDependencies,
  call: AllowedCall,
  origin: GovernedOrigin,
  signal: AbortSignal,
): Promise<{ readonly event: PlannedEvent; readonly result: CompletionResult }> {
  const endpoint = endpointOf(call.engine);
  const base = {
    completionId: call.completionId,
    engine: call.engine.name,
    model: call.engine.model,
    events: [],
  };
  if (call.kind === 'embeddings') {
    const response = await deps.engine.embed({
      endpoint,
      inputs: call.inputs,
      idempotencyKey: call.requestKey,
      signal,
    });
    const responseBlob = await deps.blobs.putJson({ vectors: response.vectors.map((vector) => [...vector]) });
    const data: CompletionAnswer = {
      ...answerFacts(call, responseBlob, response),
      finishReason: null,
      outputRisk: null,
      outputPolicy: null,
    };
    const { usage, model: reportedModel, vectors } = response;
    const result = {
      ...base,
      outcome: 'embedded',
      reportedModel,
      usage,
      responseDigest: responseBlob.digest,
      vectors,
    };
    return { event: { type: 'CompletionCompleted', data }, result: result as CompletionResult };
  }
  const onDelta = deps.onDelta;
  const response = await deps.engine.complete({
    endpoint,
    messages: call.messages,
    ...(call.tools.length === 0 ? {} : { tools: call.tools }),
    parameters: call.parameters,
    idempotencyKey: call.requestKey,
    signal,
    ...(call.stream && onDelta !== undefined
      ? { onDelta: (text: string) => onDelta({ runId: call.runId, completionId: call.completionId, text }) }
      : {}),
  });
  const { content, toolCalls, finishReason, usage, model: reportedModel } = response;
  const responseBlob = await deps.blobs.putJson({
    content,
    toolCalls: toolCalls.map((tool) => ({ ...tool })),
  });
  const outputRisk = await deps.score(content);
  const outputPolicy = await release(deps, call, origin, outputRisk, finishReason);
  const data: CompletionAnswer = {
    ...answerFacts(call, responseBlob, response),
    finishReason,
    outputRisk,
    outputPolicy: outputPolicy === null ? null : completionPolicyRecord(outputPolicy, outputRisk, false),
  };
  if (outputPolicy?.outcome === 'allow') {
    const released = {
      ...base,
      outcome: 'completed',
      reportedModel,
      usage,
      responseDigest: responseBlob.digest,
    };
    const result = { ...released, content, toolCalls, finishReason } as CompletionResult;
    return { event: { type: 'CompletionCompleted', data }, result };
  }
  const message =
    outputPolicy === null
      ? 'the response was withheld: its release could not be decided'
      : `the response was withheld by policy: ${outputPolicy.reasons.join('; ') || 'not permitted'}`;
  const determiningPolicies = outputPolicy?.determiningPolicies ?? [];
  const withheld = {
    ...base,
    outcome: 'withheld',
    message,
    riskScore: outputRisk?.score ?? null,
    determiningPolicies,
  };
  return { event: { type: 'CompletionWithheld', data }, result: withheld as CompletionResult };
}

function answerFacts(
  call: AllowedCall,
  responseBlob: CompletionAnswer['responseBlob'],
  response: {
    readonly usage: CompletionAnswer['usage'];
    readonly latencyMs: number;
    readonly model: string;
    readonly attempts: number;
  },
): Pick<
  CompletionAnswer,
  'completionId' | 'responseBlob' | 'usage' | 'latencyMs' | 'reportedModel' | 'attempts'
> {
  const { usage, latencyMs, model: reportedModel, attempts } = response;
  return { completionId: call.completionId, responseBlob, usage, latencyMs, reportedModel, attempts };
}

/** The output guardrail's decision; null when it could not be made (the response is then withheld). */
async function release(
  deps: CompletionCallDependencies,
  call: AllowedCall,
  origin: GovernedOrigin,
  risk: RiskScore | null,
  finishReason: string,
): Promise<PolicyDecision | null> {
  const input = {
    ...call,
    action: 'releaseCompletion',
    maxTokens: call.parameters.maxTokens ?? null,
    messages: call.messages.length,
    tools: call.tools.length,
    risk,
    approved: false,
    finishReason,
  } as const;
  try {
    return await deps.decide(completionPolicyRequest(input, origin));
  } catch {
    return null;
  }
}

function failed(
  call: AllowedCall,
  error: unknown,
): { readonly event: PlannedEvent; readonly result: CompletionResult } {
  const failure = isCompletionError(error)
    ? error
    : new CompletionError('ENGINE_BAD_RESPONSE', 'the engine adapter failed unexpectedly', {});
  const attempts = typeof failure.details.attempts === 'number' ? failure.details.attempts : null;
  const data: CompletionFailedData = {
    completionId: call.completionId,
    reason: failure.code,
    message: failure.message,
    attempts,
  };
  const result = { outcome: 'failed', ...data, events: [] } as CompletionResult;
  return { event: { type: 'CompletionFailed', data }, result };
}
