import type { RecordedEvent } from '../events/eventEnvelope.js';
import { scopedStream } from '../tenants/tenantScopedNames.js';

/** Kinds of remote engines MIR can call (one adapter each). */
export const ENGINE_KINDS = ['openai-compatible'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/**
 * Where an engine runs, as the admin declares it: `local` (on the tenant's own machines, e.g. Ollama on the same
 * host) or `remote` (a hosted service). Policies route on it ("this tenant's data only to local engines").
 */
export const ENGINE_LOCALITIES = ['local', 'remote'] as const;
export type EngineLocality = (typeof ENGINE_LOCALITIES)[number];

/**
 * `EngineRegistered` on `engine-<tenant>:<name>`: one revision of an engine's definition. A later revision
 * supersedes it. Holds the path of the API key file, never the key.
 */
export interface EngineRegisteredData {
  readonly name: string;
  /** 1 for the first registration of the name, then +1 per changed definition. */
  readonly revision: number;
  readonly kind: EngineKind;
  /** http(s) base URL without user info, e.g. `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Absolute path of a file holding the API key; null: the endpoint needs none. */
  readonly apiKeyFile: string | null;
  readonly locality: EngineLocality;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

export type EngineEvent = { readonly type: 'EngineRegistered'; readonly data: EngineRegisteredData };

/** An engine revision as the registry serves it: the definition and where it was recorded. */
export interface RegisteredEngine extends EngineRegisteredData {
  readonly tenant: string;
  readonly registeredAt: string;
  readonly position: number;
  /** `revision` as text: what `TenantScopedNames` keys revisions by. */
  readonly version: string;
}

export const ENGINE_STREAM_PREFIX = 'engine-';

/** `engine-<name>` for the system tenant's engines, `engine-<tenant>:<name>` for a tenant's own. */
export function engineStream(tenant: string, name: string): string {
  return scopedStream(ENGINE_STREAM_PREFIX, tenant, name);
}

export function toRegisteredEngine(event: RecordedEvent): RegisteredEngine {
  const data = event.data as unknown as EngineRegisteredData;
  return {
    ...data,
    tenant: event.meta.tenant,
    registeredAt: event.meta.occurredAt,
    position: event.position,
    version: String(data.revision),
  };
}
