import type { RecordedEvent } from '../events/eventEnvelope.js';
import { scopedStream, SYSTEM_TENANT } from '../tenants/tenantScopedNames.js';
import type { TensorSpec } from './tensors.js';

export const MODEL_STREAM_PREFIX = 'model-';

/**
 * One stream per model name and registering tenant: `model-risk-classifier` for a shipped model (the system
 * tenant's), `model-acme:churn` for tenant `acme`'s own (see `scopedStream`).
 */
export function modelStream(tenant: string, name: string): string {
  return scopedStream(MODEL_STREAM_PREFIX, tenant, name);
}

/** How text becomes the model's input tensor, when the model accepts text (see `inference/text`). */
export interface FeaturizerSpec {
  /** Featurizer name and version, e.g. `hashed-tokens`, 1. */
  readonly kind: string;
  readonly version: number;
  /** Number of features the featurizer produces (the input's last dimension). */
  readonly dimensions: number;
  /** The model input that receives the features. */
  readonly input: string;
}

/** What a model file is and declares, as read from the file at registration. */
export interface ModelSignature {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Operator sets the model imports; the default (`ai.onnx`) domain is `''`. */
  readonly opset: readonly { readonly domain: string; readonly version: number }[];
  readonly irVersion: number;
  readonly producer: string;
}

export interface ModelRegisteredData extends ModelSignature {
  readonly name: string;
  readonly version: string;
  /** SHA-256 of the model file, lowercase hex: the file's name in the content-addressed store. */
  readonly sha256: string;
  readonly size: number;
  readonly description: string;
  readonly featurizer: FeaturizerSpec | null;
}

/** A model file whose bytes no longer match the hash the registry recorded: it was refused, not loaded. */
export interface ModelIntegrityViolatedData {
  readonly name: string;
  readonly version: string;
  readonly expectedSha256: string;
  /** Null when the file is missing altogether. */
  readonly actualSha256: string | null;
  readonly actualSize: number | null;
}

export type ModelEvent =
  | { readonly type: 'ModelRegistered'; readonly data: ModelRegisteredData }
  | { readonly type: 'ModelIntegrityViolated'; readonly data: ModelIntegrityViolatedData };

export const MODEL_EVENT_TYPES = ['ModelRegistered', 'ModelIntegrityViolated'] as const;

/** A registered model as the rest of the runtime refers to it. */
export type RegisteredModel = ModelRegisteredData & {
  /** The tenant that registered it and alone sees it; null for a model shipped with MIR, which every tenant sees. */
  readonly tenant: string | null;
  readonly registeredAt: string;
  readonly position: number;
};

/**
 * A recorded `ModelRegistered` as the runtime refers to it. Scoped by who recorded it (`meta.tenant`), so
 * registrations recorded before models were scoped keep their tenant too.
 */
export function toRegisteredModel(event: RecordedEvent): RegisteredModel {
  const data = event.data as unknown as ModelRegisteredData;
  const { tenant, occurredAt } = event.meta;
  return {
    ...data,
    tenant: tenant === SYSTEM_TENANT ? null : tenant,
    registeredAt: occurredAt,
    position: event.position,
  };
}
