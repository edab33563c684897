import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { InferenceCompletedData, InferenceRequestedData } from '../inference/inferenceEvents.js';
import type { NamedTensor } from '../inference/tensors.js';
import type { ReplayItem, ReplayTolerance } from './replayEvents.js';

/** A completed inference as the ledger holds it: its request and its outcome. */
export interface RecordedInference {
  readonly requested: InferenceRequestedData;
  readonly completed: InferenceCompletedData;
  readonly completedEventId: string;
}

/** What re-executing one recorded inference gave. */
export type InferenceReexecution =
  | {
      readonly kind: 'ran';
      /** The tensor digest of the recorded inputs the model was given again. */
      readonly inputDigest: string;
      readonly outputs: readonly NamedTensor[];
      readonly outputDigest: string;
      readonly executionProvider: string;
    }
  /** The stored file does not hash to the recorded SHA-256 (null: no file): it was not run. */
  | { readonly kind: 'modelChanged'; readonly actualSha256: string | null }
  /** The request recorded only its inputs' digest (events written before inputs were recorded). */
  | { readonly kind: 'inputsNotRecorded' }
  /** The engine could not run it (model unknown to the tenant, engine failure): `code` and message say why. */
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/**
 * The completed inferences of a run's events, in the order they completed: each `InferenceCompleted` with the
 * `InferenceRequested` of the same inference id. Pure; an outcome without a request is not an inference it can
 * replay and is left out (the ledger never holds one).
 */
export function recordedInferences(events: readonly RecordedEvent[]): RecordedInference[] {
  const requests = new Map<string, InferenceRequestedData>();
  const found: RecordedInference[] = [];
  for (const event of events) {
    if (event.type === 'InferenceRequested') {
      const requested = event.data as unknown as InferenceRequestedData;
      requests.set(requested.inferenceId, requested);
    } else if (event.type === 'InferenceCompleted') {
      const completed = event.data as unknown as InferenceCompletedData;
      const requested = requests.get(completed.inferenceId);
      if (requested !== undefined) found.push({ requested, completed, completedEventId: event.id });
    }
  }
  return found;
}

/**
 * Judges one re-execution against the record, first disagreement wins: the model file's SHA-256, the recorded
 * inputs (present, and hashing to the recorded input digest), then the outputs — bit-exact (output digests) on
 * the recorded execution provider, within `tolerance` (see `ReplayTolerance`) on another one. Pure.
 */
export function compareInference(
  recorded: RecordedInference,
  replayed: InferenceReexecution,
  tolerance: ReplayTolerance,
): ReplayItem {
  const { requested, completed, completedEventId } = recorded;
  const item = (subject: string, expected: JsonValue, actual: JsonValue, note: string | null = null) => ({
    check: 'inference' as const,
    eventId: completedEventId,
    subject,
    match: false,
    expected,
    actual,
    note,
    tolerance: null,
  });
  switch (replayed.kind) {
    case 'modelChanged':
      return item(
        'modelSha256',
        requested.model.sha256,
        replayed.actualSha256,
        'the stored model file changed',
      );
    case 'inputsNotRecorded':
      return item(
        'inputs',
        requested.inputDigest,
        null,
        'only the inputs digest was recorded, not the inputs',
      );
    case 'failed':
      return item('execution', completed.outputDigest, null, `${replayed.code}: ${replayed.message}`);
    case 'ran':
      break;
  }
  if (replayed.inputDigest !== requested.inputDigest)
    return item(
      'inputDigest',
      requested.inputDigest,
      replayed.inputDigest,
      'recorded inputs do not hash to it',
    );
  if (replayed.executionProvider === completed.executionProvider) {
    const match = replayed.outputDigest === completed.outputDigest;
    return { ...item('outputDigest', completed.outputDigest, replayed.outputDigest), match };
  }
  const difference = tensorDifference(completed.outputs, replayed.outputs, tolerance);
  const note =
    `replayed on ${replayed.executionProvider}, recorded on ${completed.executionProvider}` +
    (difference === null ? '' : `: ${difference}`);
  return {
    ...item('outputs', completed.outputDigest, replayed.outputDigest, note),
    match: difference === null,
    tolerance,
  };
}

/** Where `actual` leaves `expected` (names, types, shapes, then values within tolerance), or null when nowhere. */
export function tensorDifference(
  expected: readonly NamedTensor[],
  actual: readonly NamedTensor[],
  tolerance: ReplayTolerance,
): string | null {
  if (expected.length !== actual.length) return `${actual.length} outputs, not ${expected.length}`;
  for (const [index, want] of expected.entries()) {
    const got = actual[index]!;
    if (got.name !== want.name || got.type !== want.type || got.dims.join() !== want.dims.join())
      return `output ${index} is ${got.name} ${got.type}[${got.dims.join()}], not ${want.name} ${want.type}[${want.dims.join()}]`;
    for (const [at, value] of want.data.entries()) {
      const other = got.data[at];
      if (!close(value, other, tolerance))
        return `${want.name}[${at}] is ${String(other)}, recorded ${String(value)}`;
    }
  }
  return null;
}

function close(expected: unknown, actual: unknown, { absolute, relative }: ReplayTolerance): boolean {
  if (typeof expected !== 'number' || typeof actual !== 'number') return expected === actual;
  return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
}
