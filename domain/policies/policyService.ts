import { idempotencyConflict } from '../errors/ledgerErrors.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler } from '../commands/commandHandler.js';
import { keyedCommand } from '../commands/commandKeys.js';
import { readWholeStream, wholeStreamSource } from '../commands/wholeStreamSource.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import { decidePublish, evolvePolicy, initialPolicyState, toPublishedSet } from './policyDecider.js';
import type { PolicyState, PublishPolicySet } from './policyDecider.js';
import type { PolicyDigester, PolicyEvaluator } from './policyEvaluator.js';
import { policyStream } from './policyEvents.js';
import type { PolicySetPublishedData, PolicySetRefusedData, PublishedPolicySet } from './policyEvents.js';
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

/**
 * Policy sets per tenant (stream `policy-<tenant>`) and decisions under them. Publishing validates through the
 * evaluator port, then appends the next version through the command handler (expected revision; retried,
 * bounded, when another publisher got there first, then CONCURRENCY_EXHAUSTED). Decisions use the tenant's
 * current set, cached and re-validated against the stream's head revision (one indexed read) unless
 * `recheckAfterMs` allows a window.
 */
export class PolicyService {
  readonly #deps: PolicyServiceDependencies;
  readonly #heads = new Map<string, CachedHead>();
  readonly #handler: CommandHandler;

  constructor(deps: PolicyServiceDependencies) {
    this.#deps = deps;
    this.#handler = new CommandHandler(deps.log, deps.clock, deps.ids, { maxAttempts: deps.maxAttempts });
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
    const publish = { ...command, ...admitted, tenant, publishedBy: origin.actor.id };
    const source = wholeStreamSource(this.#deps.log, stream, foldPolicy);
    const outcome = await this.#handler.handle<PolicyState, PublishResult | null>(source, {
      stream,
      origin,
      decide: (state) => {
        const decided = decidePublish(state, publish);
        const unchanged = decided.length === 0 ? { set: state.current!, published: false } : null;
        return { events: decided, value: unchanged };
      },
      keyed: keyedCommand(this.#deps.ids, origin, 'PublishPolicy', stream, ([earlier]) =>
        replayed(earlier!, admitted.sha256, command.description),
      ),
    });
    const [event] = outcome.events;
    // A value comes back only when nothing new was appended: the current text again, or a keyed retry.
    if (outcome.value !== null || event === undefined) return outcome.value!;
    if (event.type === 'PolicySetRefused')
      throw policyLimitError(event.data as unknown as PolicySetRefusedData, event.id);
    const set = toPublishedSet(event);
    this.#heads.set(tenant, { set, revision: set.revision, checkedAt: this.#nowIfWindowed() });
    return { set, published: true };
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
          : foldPolicy(await readWholeStream(this.#deps.log, stream));
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
    const published = (await this.versions(request.tenant)).find((set) => set.version === version);
    return published === undefined ? null : this.#decideUnder(published, request);
  }

  /** Every version of the tenant's policy set ever published, newest first ([] before the first publish). */
  async versions(tenant: string): Promise<PublishedPolicySet[]> {
    const history = await readWholeStream(this.#deps.log, policyStream(tenant));
    return history
      .filter((event) => event.type === 'PolicySetPublished')
      .map(toPublishedSet)
      .reverse();
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

  #nowIfWindowed(): number {
    return (this.#deps.recheckAfterMs ?? 0) > 0 ? this.#deps.clock.now() : 0;
  }
}

function foldPolicy(history: readonly RecordedEvent[]): PolicyState {
  return history.reduce(evolvePolicy, initialPolicyState);
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
