import type {
  EnginePass,
  PolicyEvaluator,
  PolicyMeta,
  PolicyRequest,
  PolicyVerdict,
  PublishedPolicySet,
} from '../../domain/index.js';
import { PolicyError, resolveOutcome } from '../../domain/index.js';
import { CedarEngine } from './cedarEngine.js';
import { checkPolicySet, parsePolicySet, problem } from './cedarPolicySet.js';
import type { CedarRequest } from './cedarRequest.js';
import { toCedarRequest } from './cedarRequest.js';
import type { CedarWasm } from './cedarWasm.js';
import { MIR_CEDAR_SCHEMA } from './mirCedarSchema.js';

export interface CedarPolicyEvaluatorOptions {
  /**
   * Validate every request against MIR's schema before evaluating (default false: requests are built by
   * `toCedarRequest`, typed to match; tests turn it on to prove that they do).
   */
  readonly validateRequests?: boolean;
  /** The contained Cedar instance to use (default: its own, over a fresh cedar-wasm instance). */
  readonly engine?: CedarEngine;
}

/** A tenant's set as loaded into Cedar's in-process cache. */
interface Prepared {
  readonly sha256: string;
  readonly version: number;
  /** The engine generation whose cache holds it: a replaced engine starts empty. */
  readonly generation: number;
  readonly metas: ReadonlyMap<string, PolicyMeta>;
  /** Cedar's preparsed set ids: the whole set, and the set without its approval gates. */
  readonly allId: string;
  readonly ungatedId: string;
}

const SCHEMA_NAME = 'mir';

/**
 * The policy evaluator on Cedar (`@cedar-policy/cedar-wasm`). Each tenant's set is parsed once per version into
 * Cedar's preparsed cache (two entries per tenant, overwritten when the version changes, so memory is bounded by
 * the number of tenants) and evaluated with `statefulIsAuthorized`; MIR's semantics are `resolveOutcome`'s.
 * Every call into Cedar goes through `CedarEngine.run`: a failing engine is replaced (`POLICY_ENGINE_FAILED` for
 * that request only) and the sets are prepared again, lazily, in the new one.
 */
export class CedarPolicyEvaluator implements PolicyEvaluator {
  readonly #prepared = new Map<string, Prepared>();
  readonly #validateRequests: boolean;
  readonly #engine: CedarEngine;
  /** The engine generation MIR's schema was preparsed into (validating requests only). */
  #schemaGeneration = -1;
  /**
   * Per tenant, the digest of a set that made the engine fail while being prepared (one entry per tenant at
   * most): deciding under it again fails at once, so one poisoned set cannot make every call rebuild the engine.
   */
  readonly #broken = new Map<string, string>();

  constructor(options: CedarPolicyEvaluatorOptions = {}) {
    this.#validateRequests = options.validateRequests ?? false;
    this.#engine = options.engine ?? new CedarEngine();
  }

  check(policies: string) {
    return this.#engine.run('check', (cedar) => checkPolicySet(cedar, policies));
  }

  evaluate(set: PublishedPolicySet, request: PolicyRequest): PolicyVerdict {
    if (request.tenant !== set.tenant)
      throw new PolicyError(
        'POLICY_REQUEST_INVALID',
        `a request of ${request.tenant} under ${set.tenant}'s set`,
        {
          requestTenant: request.tenant,
          setTenant: set.tenant,
        },
      );
    const call = toCedarRequest(request);
    if (this.#broken.get(set.tenant) === set.sha256)
      throw new PolicyError(
        'POLICY_ENGINE_FAILED',
        `policy set ${set.tenant} v${set.version} made the policy engine fail before: it is not loaded again`,
        { operation: 'evaluate', engineError: 'this set made the engine fail when it was loaded' },
      );
    const prepared = this.#prepareContained(set);
    return this.#engine.run('evaluate', (cedar) =>
      resolveOutcome(
        prepared.metas,
        this.#pass(cedar, prepared.allId, call),
        () => this.#pass(cedar, prepared.ungatedId, call),
        request.context.approved,
      ),
    );
  }

  /** `#prepare` on the engine; a set the engine fails on is remembered as broken for its tenant. */
  #prepareContained(set: PublishedPolicySet): Prepared {
    try {
      return this.#engine.run('evaluate', (cedar) => this.#prepare(cedar, set));
    } catch (error) {
      if (error instanceof PolicyError && error.code === 'POLICY_ENGINE_FAILED')
        this.#broken.set(set.tenant, set.sha256);
      throw error;
    }
  }

  #prepare(cedar: CedarWasm, set: PublishedPolicySet): Prepared {
    const { generation } = this.#engine;
    const cached = this.#prepared.get(set.tenant);
    if (cached?.sha256 === set.sha256 && cached.version === set.version && cached.generation === generation)
      return cached;
    const parsed = parsePolicySet(cedar, set.policies);
    if ('problems' in parsed)
      throw new PolicyError(
        'POLICY_INVALID',
        `published set ${set.tenant} v${set.version} no longer parses`,
        {
          problems: parsed.problems.map((entry) => ({ ...entry })),
        },
      );
    const ungated = Object.fromEntries(
      Object.entries(parsed.byId).filter(([id]) => parsed.metas.get(id)?.approvalGate !== true),
    );
    const prepared: Prepared = {
      sha256: set.sha256,
      version: set.version,
      generation,
      metas: parsed.metas,
      allId: `${set.tenant}\nall`,
      ungatedId: `${set.tenant}\nungated`,
    };
    expectSuccess(
      cedar.preparsePolicySet(prepared.allId, { staticPolicies: { ...parsed.byId } }),
      'policy set',
    );
    expectSuccess(cedar.preparsePolicySet(prepared.ungatedId, { staticPolicies: ungated }), 'policy set');
    this.#prepared.set(set.tenant, prepared);
    return prepared;
  }

  #pass(cedar: CedarWasm, setId: string, call: CedarRequest): EnginePass {
    if (this.#validateRequests && this.#schemaGeneration !== this.#engine.generation) {
      expectSuccess(cedar.preparseSchema(SCHEMA_NAME, MIR_CEDAR_SCHEMA), 'schema');
      this.#schemaGeneration = this.#engine.generation;
    }
    const answer = cedar.statefulIsAuthorized({
      ...call,
      preparsedPolicySetId: setId,
      ...(this.#validateRequests ? { preparsedSchemaName: SCHEMA_NAME, validateRequest: true } : {}),
    });
    if (answer.type === 'failure')
      throw new PolicyError('POLICY_REQUEST_INVALID', 'Cedar refused the request', {
        errors: answer.errors.map((error) => ({ ...problem(null, error) })),
      });
    const { decision, diagnostics } = answer.response;
    return {
      decision,
      determining: diagnostics.reason,
      errored: diagnostics.errors.map((entry) => ({
        policyId: entry.policyId,
        message: entry.error.message,
      })),
    };
  }
}

function expectSuccess(answer: ReturnType<CedarWasm['preparseSchema']>, what: string): void {
  if (answer.type === 'failure')
    throw new PolicyError('POLICY_INVALID', `Cedar could not prepare the ${what}`, {
      problems: answer.errors.map((error) => ({ ...problem(null, error) })),
    });
}
