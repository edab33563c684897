import type { Actor } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { Role } from '../access/roles.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { RiskModelReference } from './toolCallEvents.js';

/** Digests of JSON values, injected: the domain does not hash. */
export interface Digester {
  /** `sha256:<lowercase hex>` of the RFC 8785 canonical JSON of `value` (member order does not matter). */
  digest(value: JsonValue): string;
}

export interface RiskScore {
  /** Probability-like score in 0..1 (1: the request looks like an attack or a dangerous action). */
  readonly score: number;
  readonly model: RiskModelReference;
}

/**
 * A model as a policy input: scores the text rendering of a tool request. May reject (model missing, engine
 * down): the caller then records a null score and policies see none (`context has riskScoreBp` is false).
 */
export interface RiskScorer {
  score(text: string): Promise<RiskScore>;
}

/** Who acts, for which tenant, in which role: governed actions need the role (policies and approvals use it). */
export interface GovernedOrigin extends CommandOrigin {
  readonly actor: Actor;
  readonly role: Role;
}
