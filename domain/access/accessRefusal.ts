import type { JsonValue } from '../events/json.js';
import type { Refusal, RefusalCount } from '../tenants/refusalRecorder.js';
import type { Principal, Role } from './roles.js';

/** Why an authenticated caller was refused by the API's access layer. */
export type AccessRefusalReason =
  /** Its role may not use the field. */
  | 'FORBIDDEN'
  /**
   * It named an id that is not in its tenant. Recorded the same way whether the id exists in another tenant or
   * nowhere, so the record tells the caller's tenant nothing the answer did not.
   */
  | 'NOT_FOUND'
  /** It tried to register a tool or model under a name MIR keeps for its built-in tools and shipped models. */
  | 'NAME_RESERVED'
  /** It reused an idempotency key for a command with other arguments (nothing of the command was recorded). */
  | 'IDEMPOTENCY_CONFLICT'
  /** It named a step its tenant's run does not have (`forkRun`'s atStep). */
  | 'OUT_OF_RANGE';

/** `AccessRefused` on `refusals-<tenant>`: the key, its role, the field, every id it named, and why. */
export interface AccessRefusedData extends RefusalCount {
  readonly tenant: string;
  readonly action: string;
  readonly subject: string | null;
  readonly subjects: readonly string[];
  readonly reason: AccessRefusalReason;
  readonly keyId: string;
  readonly role: Role;
}

/** The refusal of `principal` on `action` (a GraphQL field, `Type.field`) naming `subjects`. */
export function accessRefusal(
  principal: Principal,
  action: string,
  reason: AccessRefusalReason,
  subjects: readonly string[],
): Refusal {
  const details: { [key: string]: JsonValue } = {
    subjects: [...subjects],
    keyId: principal.keyId,
    role: principal.role,
  };
  return {
    type: 'AccessRefused',
    tenant: principal.tenant,
    actor: { kind: 'service', id: principal.keyId },
    action,
    subject: subjects[0] ?? null,
    reason,
    details,
  };
}
