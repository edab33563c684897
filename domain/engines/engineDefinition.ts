import type { JsonValue } from '../events/json.js';
import { TOOL_NAME } from '../tools/toolDefinition.js';
import { ENGINE_KINDS, ENGINE_LOCALITIES } from './engineEvents.js';
import type { EngineRegisteredData } from './engineEvents.js';
import { EngineError } from './engineErrors.js';

/** What an admin registers (`registerEngine`); `normalizeEngineRegistration` checks it. */
export type EngineRegistration = Omit<EngineRegisteredData, 'revision'>;

/** Bounds of an engine definition. */
export const ENGINE_LIMITS = {
  maxTimeoutMs: 10 * 60_000,
  maxRetries: 10,
  maxModelLength: 256,
  maxUrlLength: 2048,
  maxPathLength: 4096,
} as const;

/**
 * The definition as recorded (without its revision), or `ENGINE_INVALID` naming the field. Names follow the tool
 * names' rules (`TOOL_NAME`); the base URL is http or https and carries no user info, so no credential ever reaches
 * the ledger through it (the key lives in `apiKeyFile`, an absolute path, or nowhere). Pure.
 */
export function normalizeEngineRegistration(
  registration: EngineRegistration,
): Omit<EngineRegisteredData, 'revision'> {
  const r = registration;
  if (typeof r.name !== 'string' || !TOOL_NAME.test(r.name))
    throw invalid('name', 'must be dotted lowercase segments of 64 characters at most');
  if (!(ENGINE_KINDS as readonly string[]).includes(r.kind))
    throw invalid('kind', `must be one of ${ENGINE_KINDS.join(', ')}`);
  if (!(ENGINE_LOCALITIES as readonly string[]).includes(r.locality))
    throw invalid('locality', `must be one of ${ENGINE_LOCALITIES.join(', ')}`);
  if (typeof r.model !== 'string' || r.model.trim() === '' || r.model.length > ENGINE_LIMITS.maxModelLength)
    throw invalid('model', `must be non-empty text of ${ENGINE_LIMITS.maxModelLength} characters at most`);
  return {
    name: r.name,
    kind: r.kind,
    baseUrl: checkedBaseUrl(r.baseUrl),
    model: r.model,
    apiKeyFile: checkedKeyFile(r.apiKeyFile),
    locality: r.locality,
    timeoutMs: checkedInteger('timeoutMs', r.timeoutMs, 1, ENGINE_LIMITS.maxTimeoutMs),
    maxRetries: checkedInteger('maxRetries', r.maxRetries, 0, ENGINE_LIMITS.maxRetries),
  };
}

/** The host (and port) of a checked base URL: what policies see of the endpoint. */
export function engineHost(baseUrl: string): string {
  return new URL(baseUrl).host;
}

function checkedBaseUrl(value: string): string {
  if (typeof value !== 'string' || value.length > ENGINE_LIMITS.maxUrlLength)
    throw invalid('baseUrl', 'must be an http or https URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('baseUrl', 'must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid('baseUrl', 'must be an http or https URL');
  // Neither the user name nor the password is echoed back: either may be a credential.
  if (url.username !== '' || url.password !== '')
    throw invalid('baseUrl', 'must not carry user info: put the API key in a file named by apiKeyFile');
  if (url.search !== '' || url.hash !== '') throw invalid('baseUrl', 'must have no query or fragment');
  return url.href.replace(/\/+$/, '');
}

function checkedKeyFile(value: string | null): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > ENGINE_LIMITS.maxPathLength)
    throw invalid('apiKeyFile', 'must be an absolute path, or null');
  return value;
}

function checkedInteger(field: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw invalid(field, `must be an integer from ${min} to ${max}`);
  return value;
}

function invalid(field: string, reason: string): EngineError {
  const details: Record<string, JsonValue> = { field, reason };
  return new EngineError('ENGINE_INVALID', `invalid engine registration: ${field} ${reason}`, details);
}
