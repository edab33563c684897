import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { hasErrorCode } from '../errors/mirError.js';
import type { NewEvent, RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../runs/runCommandService.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import { decidePublish, evolvePolicy, initialPolicyState, toPublishedSet } from './policyDecider.js';
import type { PolicyState, PublishPolicySet } from './policyDecider.js';
import { PolicyError } from './policyErrors.js';
import type { PolicyDigester, PolicyEvaluator } from './policyEvaluator.js';
import { policyStream } from './policyEvents.js';
import type {
  PolicyEvent,
  PolicySetPublishedData,
  PolicySetRefusedData,
  PublishedPolicySet,
} from './policyEvents.js';
import {
  DEFAULT_POLICY_LIMITS,
  measurePolicyText,
  policyLimitError,
  policyLimitViolation,
} from './policyLimits.js';
import type { PolicyLimits } from './policyLimits.js';
import type { PolicyDecision, PolicyRequest } from './policyRequest.js';

export interface PolicyServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly evaluator: PolicyEvaluator;
  readonly digester: PolicyDigester;
  /** Publishes retried after another writer moved the tenant's policy stream (default 5). */
  readonly maxAttempts?: number;
  /** What a published text may be before the evaluator sees it (default `DEFAULT_POLICY_LIMITS`). */
  readonly limits?: PolicyLimits;
  /** Refuses publishing for a halted tenant (default: none). */
  readonly killSwitch?: KillSwitch;
  /**
   * How long a checked version is trusted without reading the stream's head again (default 0: every decision
   * reads it, so a version published by any process is used by every decision that starts after its commit).
   */
  readonly recheckAfterMs?: number;
}

export interface PublishPolicyCommand {
  /** Cedar policy text; every policy carries a unique `@id`. */
  readonly policies: string;
  readonly description: string;
}

export interface PublishResult {
  readonly set: PublishedPolicySet;
  /** False when nothing was appended: the text was already current, or the idempotency key was used before. */
  readonly published: boolean;
}

export const NO_POLICY_SET_REASON = 'no policy set published';

interface CachedHead {
  readonly set: PublishedPolicySet | null;
  readonly revision: number | null;
  readonly checkedAt: number;
}

const PAGE = 10_000;

/**
 * Policy sets per tenant (stream `policy-<tenant>`) and decisions under them. Publishing validates through the
 * evaluator port, then appends the next version with the expected revision (retrying, bounded, when another
 * publisher got there first). Decisions use the tenant's current set, cached and re-validated against the
 * stream's head revision (one indexed read) unless `recheckAfterMs` allows a window.
 */
export class PolicyService {
  readonly #deps: PolicyServiceDependencies;
  readonly #heads = new Map<string, CachedHead>();

  constructor(deps: PolicyServiceDependencies) {
    this.#deps = deps;
  }

  /**
   * Publishes `command.policies` as the next version of `origin.tenant`'s set. A text over the `limits` never
   * reaches the evaluator: the refusal is recorded (`PolicySetRefused`) and thrown as `POLICY_TOO_LARGE` or
   * `POLICY_TOO_COMPLEX` (details: limit, max, actual, eventId). Also throws `POLICY_INVALID` (nothing recorded)
   * and `POLICY_ENGINE_FAILED` (the evaluator failed; nothing recorded; other requests unaffected), and, before
   * anything else, `TENANT_HALTED` (recorded by the kill switch).
   */
  async publish(command: PublishPolicyCommand, origin: CommandOrigin): Promise<PublishResult> {
    const { tenant } = origin;
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      tenant,
      haltedAttempt('PublishPolicy', null, origin),
    );
    const stream = policyStream(tenant);
    const admitted = this.#admit(command.policies);
    const scope = `${tenant}\n${origin.actor.kind}:${origin.actor.id}\n${origin.idempotencyKey ?? ''}`;
    const eventId =
      origin.idempotencyKey === undefined
        ? this.#deps.ids.newId()
        : this.#deps.ids.fromKey(`policy\n${scope}`);
    const maxAttempts = this.#deps.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const history = await this.#load(stream);
      const earlier = history.find((event) => event.id === eventId);
      if (earlier !== undefined) return replayed(earlier, admitted.sha256, command.description);
      const state = history.reduce(evolvePolicy, initialPolicyState);
      const publish = { ...command, ...admitted, tenant, publishedBy: origin.actor.id };
      const [decided] = decidePublish(state, publish);
      if (decided === undefined) return { set: state.current!, published: false };
      let set: PublishedPolicySet | null;
      try {
        set = await this.#append(stream, state, decided, eventId, origin);
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
        if (attempt >= maxAttempts)
          throw new PolicyError(
            'POLICY_CONCURRENCY_EXHAUSTED',
            `policy stream of ${tenant} kept changing; gave up after ${attempt} attempts`,
            { tenant, attempts: attempt },
          );
        continue;
      }
      if (decided.type === 'PolicySetRefused') throw policyLimitError(decided.data, eventId);
      return { set: set!, published: true };
    }
  }

  /** The text's digest and size, and whether it is within the limits (then: the evaluator's verdict on it). */
  #admit(policies: string): Pick<PublishPolicySet, 'sha256' | 'bytes' | 'admission'> {
    const measure = measurePolicyText(policies);
    const refused = policyLimitViolation(measure, this.#deps.limits ?? DEFAULT_POLICY_LIMITS);
    return {
      sha256: this.#deps.digester.textSha256(policies),
      bytes: measure.bytes,
      admission: refused === null ? { check: this.#deps.evaluator.check(policies) } : { refused },
    };
  }

  /** The tenant's current policy set, or null when none was published. */
  async current(tenant: string): Promise<PublishedPolicySet | null> {
    const cached = this.#heads.get(tenant);
    const window = this.#deps.recheckAfterMs ?? 0;
    const now = window > 0 ? this.#deps.clock.now() : 0;
    if (cached !== undefined && window > 0 && now - cached.checkedAt < window) return cached.set;
    const stream = policyStream(tenant);
    const [last] = await this.#deps.log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const revision = last?.revision ?? null;
    if (cached !== undefined && cached.revision === revision) {
      if (window > 0) this.#heads.set(tenant, { ...cached, checkedAt: now });
      return cached.set;
    }
    // Only PolicySetPublished exists today, so the head event is the current set; a fold covers later types.
    const state: PolicyState =
      last === undefined
        ? initialPolicyState
        : last.type === 'PolicySetPublished'
          ? evolvePolicy(initialPolicyState, last)
          : (await this.#load(stream)).reduce(evolvePolicy, initialPolicyState);
    this.#heads.set(tenant, { set: state.current, revision: state.revision, checkedAt: now });
    return state.current;
  }

  /** Decides `request` under its tenant's current set; no set published → deny. */
  async decide(request: PolicyRequest): Promise<PolicyDecision> {
    return this.#decideUnder(await this.current(request.tenant), request);
  }

  /**
   * Decides `request` again under version `version` of its tenant's set, as published then, never the current
   * one (replay). A null version is the decision taken while no set was published (deny). Null when that version
   * is not on the tenant's policy stream.
   */
  async decideAtVersion(request: PolicyRequest, version: number | null): Promise<PolicyDecision | null> {
    if (version === null) return this.#decideUnder(null, request);
    const published = (await this.#load(policyStream(request.tenant))).find(
      (event) =>
        event.type === 'PolicySetPublished' &&
        (event.data as unknown as PolicySetPublishedData).version === version,
    );
    return published === undefined ? null : this.#decideUnder(toPublishedSet(published), request);
  }

  #decideUnder(set: PublishedPolicySet | null, request: PolicyRequest): PolicyDecision {
    const inputDigest = this.#deps.digester.requestDigest(request);
    if (set === null)
      return {
        outcome: 'deny',
        determiningPolicies: [],
        reasons: [NO_POLICY_SET_REASON],
        policySetVersion: null,
        inputDigest,
      };
    return { ...this.#deps.evaluator.evaluate(set, request), policySetVersion: set.version, inputDigest };
  }

  /** Appends `decided`; the set it publishes, or null for a refusal (the current set stays). */
  async #append(
    stream: string,
    state: PolicyState,
    decided: PolicyEvent,
    id: string,
    origin: CommandOrigin,
  ): Promise<PublishedPolicySet | null> {
    const occurredAt = new Date(this.#deps.clock.now()).toISOString();
    const event: NewEvent = {
      id,
      type: decided.type,
      schemaVersion: 1,
      data: decided.data as unknown as JsonValue,
      meta: {
        tenant: origin.tenant,
        actor: origin.actor,
        correlationId: origin.correlationId ?? id,
        causationId: id,
        occurredAt,
        ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey }),
      },
    };
    const result = await this.#deps.log.append(stream, [event], state.revision ?? 'no_stream');
    if (decided.type === 'PolicySetRefused') return null;
    const set = {
      ...decided.data,
      publishedAt: occurredAt,
      eventId: id,
      revision: result.nextExpectedRevision,
    };
    this.#heads.set(origin.tenant, { set, revision: set.revision, checkedAt: this.#nowIfWindowed() });
    return set;
  }

  #nowIfWindowed(): number {
    return (this.#deps.recheckAfterMs ?? 0) > 0 ? this.#deps.clock.now() : 0;
  }

  async #load(stream: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = 0; ; from += PAGE) {
      const page = await this.#deps.log.readStream(stream, { fromRevision: from, maxCount: PAGE });
      events.push(...page);
      if (page.length < PAGE) return events;
    }
  }
}

/**
 * The answer a publish retried with the same idempotency key gets: the recorded version, or the same refusal;
 * IDEMPOTENCY_CONFLICT when the key published other text.
 */
function replayed(earlier: RecordedEvent, sha256: string, description: string): PublishResult {
  if (earlier.type === 'PolicySetRefused') {
    const { reason, limit, max, actual } = earlier.data as unknown as PolicySetRefusedData;
    throw policyLimitError({ reason, limit, max, actual }, earlier.id);
  }
  const data = earlier.data as unknown as PolicySetPublishedData;
  const differing = [
    ...(data.sha256 === sha256 ? [] : ['policies']),
    ...(data.description === description ? [] : ['description']),
  ];
  if (differing.length > 0)
    throw idempotencyConflict('idempotency key reused to publish another policy set', {
      version: data.version,
      fields: differing,
    });
  return { set: toPublishedSet(earlier), published: false };
}
