import type { NamedTensor, TensorElementType } from './tensors.js';

/** Which model ran: enough to find the exact file again (the SHA-256 names it in the store). */
export interface ModelReference {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
}

export interface TensorShape {
  readonly name: string;
  readonly type: TensorElementType;
  readonly dims: readonly number[];
}

export interface InferenceRequestedData {
  readonly inferenceId: string;
  readonly model: ModelReference;
  /** `tensors` when the caller sent tensors, `text` when MIR featurized the caller's text. */
  readonly source: 'tensors' | 'text';
  readonly inputs: readonly TensorShape[];
  /** Tensor digest (see `inference/tensorDigest.ts`) of the exact inputs the model is given. */
  readonly inputDigest: string;
  /**
   * The exact inputs the model is given (the featurized tensor for `text`), so that `replayRun` can run the
   * model on them again. Null when their JSON exceeds `MAX_RECORDED_INPUT_CHARS` (only the digest is kept then);
   * absent on events recorded before inputs were.
   */
  readonly inputTensors?: readonly NamedTensor[] | null;
}

/** Inputs whose JSON is longer than this are not recorded inline (an event may hold 1 MiB in all). */
export const MAX_RECORDED_INPUT_CHARS = 256 * 1024;

/** The inputs as `InferenceRequested` records them: themselves, or null past `MAX_RECORDED_INPUT_CHARS`. */
export function recordableInputs(inputs: readonly NamedTensor[]): readonly NamedTensor[] | null {
  return JSON.stringify(inputs).length <= MAX_RECORDED_INPUT_CHARS ? inputs : null;
}

export interface InferenceCompletedData {
  readonly inferenceId: string;
  readonly model: ModelReference;
  /** The execution provider that actually ran the session, e.g. `cuda` or `cpu`. */
  readonly executionProvider: string;
  readonly runtime: string;
  readonly runtimeVersion: string;
  readonly inputDigest: string;
  readonly outputDigest: string;
  readonly outputs: readonly NamedTensor[];
  /** Time ONNX Runtime spent in `session.run`, in milliseconds (worker-measured). */
  readonly latencyMs: number;
}

export interface InferenceFailedData {
  readonly inferenceId: string;
  readonly model: ModelReference;
  /** An `InferenceErrorCode`. */
  readonly reason: string;
  readonly message: string;
}

export type InferenceEvent =
  | { readonly type: 'InferenceRequested'; readonly data: InferenceRequestedData }
  | { readonly type: 'InferenceCompleted'; readonly data: InferenceCompletedData }
  | { readonly type: 'InferenceFailed'; readonly data: InferenceFailedData };

export const INFERENCE_EVENT_TYPES = ['InferenceRequested', 'InferenceCompleted', 'InferenceFailed'] as const;
