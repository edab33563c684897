import type { ApprovalRequestedData } from '../approvals/approvalEvents.js';
import type { BlobStore } from '../blobs/blobStore.js';
import { idempotencyConflict } from '../errors/ledgerErrors.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { runStream } from '../runs/runEvents.js';
import { referenceOf } from '../runs/runRecords.js';
import { EngineError } from '../engines/engineErrors.js';
import type { ChatToolCall } from './completionEngine.js';
import type {
  CompletionAnswer,
  CompletionDeniedData,
  CompletionFailedData,
  CompletionRequestedData,
} from './completionEvents.js';
import type { CompletionResult } from './completionResult.js';

/**
 * The recorded answer of a completion requested earlier with the same idempotency key: nothing is called or
 * appended again, a released response is read back from the blob store. The latest fact decides: an outcome,
 * else a pending approval; a request with neither is still in flight (`COMPLETION_IN_PROGRESS`). The same key
 * with another prompt is `IDEMPOTENCY_CONFLICT`.
 */
export async function replayCompletion(
  log: EventLog,
  blobs: BlobStore,
  runId: string,
  completionId: string,
  promptDigest: string,
): Promise<CompletionResult> {
  const events = (await log.readStream(runStream(runId))).filter((event) => idOf(event) === completionId);
  const requested = events.findLast((event) => event.type === 'CompletionRequested');
  const denied = events.findLast((event) => event.type === 'CompletionDenied');
  const recordedPrompt =
    (requested?.data as CompletionRequestedData | undefined)?.promptBlob.digest ??
    (denied?.data as CompletionDeniedData | undefined)?.promptBlob?.digest;
  if (recordedPrompt !== undefined && recordedPrompt !== promptDigest)
    throw idempotencyConflict('idempotency key reused for another completion', {
      completionId,
      fields: ['prompt'],
    });
  const base = { completionId, events: events.map(referenceOf) };
  const outcome = events.at(-1);
  switch (outcome?.type) {
    case 'CompletionCompleted':
      return completed(blobs, base, requested!, outcome);
    case 'CompletionWithheld': {
      const { outputRisk, outputPolicy } = outcome.data as unknown as CompletionAnswer;
      const message = 'the response was withheld by policy';
      const determiningPolicies = outputPolicy?.determiningPolicies ?? [];
      return {
        ...base,
        outcome: 'withheld',
        message,
        riskScore: outputRisk?.score ?? null,
        determiningPolicies,
      };
    }
    case 'CompletionFailed': {
      const { reason, message, attempts } = outcome.data as unknown as CompletionFailedData;
      return { ...base, outcome: 'failed', reason, message, attempts };
    }
    case 'CompletionDenied': {
      const { reason, message, details } = outcome.data as unknown as CompletionDeniedData;
      return { ...base, outcome: 'denied', reason, message, details };
    }
    case 'ApprovalRequested': {
      const { approvalId, expiresAt } = outcome.data as unknown as ApprovalRequestedData;
      return { ...base, outcome: 'pending_approval', approvalId, expiresAt };
    }
    default:
      throw new EngineError(
        'COMPLETION_IN_PROGRESS',
        'the completion with this idempotency key has not finished',
        {
          completionId,
        },
      );
  }
}

async function completed(
  blobs: BlobStore,
  base: Pick<CompletionResult, 'events'> & { readonly completionId: string },
  requested: RecordedEvent,
  outcome: RecordedEvent,
): Promise<CompletionResult> {
  const request = requested.data as unknown as CompletionRequestedData;
  const answer = outcome.data as unknown as CompletionAnswer;
  const bytes = await blobs.get(answer.responseBlob.digest);
  if (bytes === null)
    throw new EngineError('COMPLETION_IN_PROGRESS', 'the recorded response is not in the blob store', {
      completionId: base.completionId,
      digest: answer.responseBlob.digest,
    });
  const stored = JSON.parse(new TextDecoder().decode(bytes)) as {
    readonly content?: string;
    readonly toolCalls?: ChatToolCall[];
    readonly vectors?: number[][];
  };
  const answered = {
    ...base,
    engine: request.engine.name,
    model: request.model,
    reportedModel: answer.reportedModel,
    usage: answer.usage,
    responseDigest: answer.responseBlob.digest,
  };
  if (request.kind === 'embeddings')
    return { ...answered, outcome: 'embedded', vectors: stored.vectors ?? [] };
  const { content = '', toolCalls = [] } = stored;
  return {
    ...answered,
    outcome: 'completed',
    content,
    toolCalls,
    finishReason: answer.finishReason ?? 'stop',
  };
}

function idOf(event: RecordedEvent): unknown {
  const data = event.data as { completionId?: unknown; callId?: unknown };
  return data.completionId ?? data.callId;
}
