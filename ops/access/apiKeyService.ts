import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AccessError,
  API_KEY_STREAM_PREFIX,
  apiKeyStream,
  envelopes,
  isRole,
  SYSTEM_TENANT,
  TENANT_NAME,
} from '../../domain/index.js';
import type {
  Actor,
  ApiKeyIssuedData,
  ApiKeyRevokedData,
  Clock,
  EventLog,
  IdGenerator,
  Principal,
  RecordedEvent,
  Role,
} from '../../domain/index.js';

/** A freshly issued key. `token` is shown once and never stored: only the SHA-256 of its secret is. */
export interface IssuedApiKey {
  readonly keyId: string;
  readonly token: string;
  readonly role: Role;
  readonly tenant: string;
  readonly label: string;
}

/** A key as an operator sees it: never its secret nor the secret's hash. Times are ISO 8601 (event time). */
export interface ApiKeyListing {
  readonly keyId: string;
  readonly role: Role;
  readonly tenant: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly revokedReason: string | null;
}

export interface IssueApiKeyInput {
  readonly role: Role;
  readonly tenant: string;
  readonly label: string;
}

/** Token layout: `mir_<keyId without hyphens, 32 hex>_<secret, 43 base64url chars>`. */
const TOKEN = /^mir_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
/** How many verified tokens are remembered (each only as long as its key's stream does not move). */
const CACHE_ENTRIES = 10_000;

/**
 * API keys as ledger events (`ApiKeyIssued`, `ApiKeyRevoked` on `apiKey-<keyId>`). Authentication reads the key's
 * own stream, so a revocation takes effect on the very next request, with no projection lag.
 */
export class ApiKeyService {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #verified = new Map<string, { readonly principal: Principal; readonly revision: number }>();

  constructor(log: EventLog, clock: Clock, ids: IdGenerator) {
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
  }

  async issue(input: IssueApiKeyInput, actor: Actor): Promise<IssuedApiKey> {
    if (!isRole(input.role)) throw invalid('role', 'must be auditor, app, reviewer or admin');
    if (!TENANT_NAME.test(input.tenant))
      throw invalid('tenant', 'must be 1-64 letters, digits, dots, dashes or underscores');
    // The system tenant's registrations are global (built-in tools, shipped models): no caller may act as it.
    if (input.tenant === SYSTEM_TENANT)
      throw invalid('tenant', `${SYSTEM_TENANT} is reserved for MIR itself`);
    const label = input.label.trim().slice(0, 200);
    const keyId = this.#ids.newId();
    const secret = randomBytes(32).toString('base64url');
    const data: ApiKeyIssuedData = {
      keyId,
      role: input.role,
      tenant: input.tenant,
      label,
      secretHash: hashSecret(secret),
    };
    await this.#append(keyId, 'ApiKeyIssued', { ...data }, input.tenant, actor, 'no_stream');
    return {
      keyId,
      token: `mir_${keyId.replaceAll('-', '')}_${secret}`,
      role: input.role,
      tenant: input.tenant,
      label,
    };
  }

  /** Revokes a key; revoking twice is refused with KEY_ALREADY_REVOKED, an unknown key with KEY_NOT_FOUND. */
  async revoke(keyId: string, reason: string, actor: Actor): Promise<void> {
    const history = await this.#history(keyId);
    const issued = history.issued;
    if (issued === null) throw new AccessError('KEY_NOT_FOUND', `API key ${keyId} not found`, { keyId });
    if (history.revoked)
      throw new AccessError('KEY_ALREADY_REVOKED', `API key ${keyId} is already revoked`, { keyId });
    const data: ApiKeyRevokedData = { keyId, reason: reason.trim().slice(0, 500) || 'revoked' };
    await this.#append(keyId, 'ApiKeyRevoked', { ...data }, issued.tenant, actor, history.revision);
  }

  /**
   * Every key in the ledger (of `tenant` only when given), in issue order, read as authentication reads each
   * key's stream: straight from the ledger, so it needs no server and no read models.
   */
  async list(tenant?: string): Promise<ApiKeyListing[]> {
    const streams = new Map<string, RecordedEvent[]>();
    for (let from = 0; ;) {
      const page = await this.#log.readAll({
        fromPosition: from,
        maxCount: 1_000,
        filter: { streamPrefixes: [API_KEY_STREAM_PREFIX] },
      });
      if (page.length === 0) break;
      for (const event of page) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
      from = page[page.length - 1]!.position + 1;
    }
    const listings: ApiKeyListing[] = [];
    for (const [stream, events] of streams) {
      const state = keyState(events);
      if (state.issued === null || (tenant !== undefined && state.issued.tenant !== tenant)) continue;
      const { role, tenant: keyTenant, label } = state.issued;
      const keyId = stream.slice(API_KEY_STREAM_PREFIX.length);
      const { createdAt, revokedAt, revokedReason } = state;
      listings.push({ keyId, role, tenant: keyTenant, label, createdAt, revokedAt, revokedReason });
    }
    return listings;
  }

  /**
   * The principal of a `Bearer mir_…` header, or null when missing, malformed, unknown, revoked or wrong.
   * A verified token is remembered only while its key's stream is unchanged: every request reads the stream's
   * last event (one indexed read), so a revocation appended by any process — another node of a shared ledger, the
   * CLI — refuses the very next request everywhere, with no window and no watch.
   */
  async authenticate(authorization: string | null): Promise<Principal | null> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    const match = TOKEN.exec(token);
    if (match === null) return null;
    const compact = match[1]!;
    const keyId = `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
    const [head] = await this.#log.readStream(apiKeyStream(keyId), { direction: 'backwards', maxCount: 1 });
    if (head === undefined) return null;
    const cached = this.#verified.get(token);
    if (cached?.revision === head.revision) return cached.principal;
    this.#verified.delete(token);
    const principal = await this.#verify(keyId, match[2]!);
    if (principal !== null) this.#remember(token, principal.principal, principal.revision);
    return principal?.principal ?? null;
  }

  #remember(token: string, principal: Principal, revision: number): void {
    if (this.#verified.size >= CACHE_ENTRIES) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, { principal, revision });
  }

  /** The key's principal and the stream revision it was read at, when `secret` is the key's and it is not revoked. */
  async #verify(keyId: string, secret: string): Promise<{ principal: Principal; revision: number } | null> {
    const { issued, revoked, revision } = await this.#history(keyId);
    if (issued === null || revoked || revision === null) return null;
    const expected = Buffer.from(issued.secretHash, 'hex');
    const actual = Buffer.from(hashSecret(secret), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    return { principal: { keyId, role: issued.role, tenant: issued.tenant }, revision };
  }

  async #history(keyId: string) {
    return keyState(await this.#log.readStream(apiKeyStream(keyId), { maxCount: 10 }));
  }

  async #append(
    keyId: string,
    type: string,
    data: Record<string, string>,
    tenant: string,
    actor: Actor,
    expected: number | null | 'no_stream',
  ) {
    const events = envelopes(
      [{ type, data }],
      [this.#ids.newId()],
      { tenant, actor },
      { occurredAt: this.#clock.now() },
    );
    await this.#log.append(apiKeyStream(keyId), events, expected ?? 'no_stream');
  }
}

/**
 * What one key's stream says, the only reading of it (authentication, revocation and listing use it): the first
 * ApiKeyIssued defines the key; any ApiKeyRevoked revokes it for good.
 */
function keyState(events: readonly RecordedEvent[]) {
  const issued = events.find((event) => event.type === 'ApiKeyIssued');
  const revoked = events.find((event) => event.type === 'ApiKeyRevoked');
  return {
    issued: (issued?.data ?? null) as ApiKeyIssuedData | null,
    createdAt: issued?.meta.occurredAt ?? '',
    revoked: revoked !== undefined,
    revokedAt: revoked?.meta.occurredAt ?? null,
    revokedReason: revoked === undefined ? null : (revoked.data as unknown as ApiKeyRevokedData).reason,
    revision: events.length === 0 ? null : events[events.length - 1]!.revision,
  };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(`mir.apikey.v1\n${secret}`).digest('hex');
}

function invalid(field: string, reason: string): AccessError {
  return new AccessError('KEY_REQUEST_INVALID', `${field} ${reason}`, { field, reason });
}
