// First: V8 must not inline calls into cedar-wasm (see v8WasmGuard.ts).
import './v8WasmGuard.js';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type {
  EnginePass,
  PolicyEvaluator,
  PolicyMeta,
  PolicyRequest,
  PolicyVerdict,
  PublishedPolicySet,
} from '../../domain/index.js';
import { PolicyError, resolveOutcome } from '../../domain/index.js';
import { checkPolicySet, parsePolicySet, problem } from './cedarPolicySet.js';
import type { CedarRequest } from './cedarRequest.js';
import { toCedarRequest } from './cedarRequest.js';
import { MIR_CEDAR_SCHEMA } from './mirCedarSchema.js';

export interface CedarPolicyEvaluatorOptions {
  /**
   * Validate every request against MIR's schema before evaluating (default false: requests are built by
   * `toCedarRequest`, typed to match; tests turn it on to prove that they do).
   */
  readonly validateRequests?: boolean;
}

/** A tenant's set as loaded into Cedar's in-process cache. */
interface Prepared {
  readonly sha256: string;
  readonly version: number;
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
 */
export class CedarPolicyEvaluator implements PolicyEvaluator {
  readonly #prepared = new Map<string, Prepared>();
  readonly #validateRequests: boolean;

  constructor(options: CedarPolicyEvaluatorOptions = {}) {
    this.#validateRequests = options.validateRequests ?? false;
    if (this.#validateRequests) expectSuccess(cedar.preparseSchema(SCHEMA_NAME, MIR_CEDAR_SCHEMA), 'schema');
  }

  check(policies: string) {
    return checkPolicySet(policies);
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
    const prepared = this.#prepare(set);
    const call = toCedarRequest(request);
    return resolveOutcome(
      prepared.metas,
      this.#pass(prepared.allId, call),
      () => this.#pass(prepared.ungatedId, call),
      request.context.approved,
    );
  }

  #prepare(set: PublishedPolicySet): Prepared {
    const cached = this.#prepared.get(set.tenant);
    if (cached?.sha256 === set.sha256 && cached.version === set.version) return cached;
    const parsed = parsePolicySet(set.policies);
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

  #pass(setId: string, call: CedarRequest): EnginePass {
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

function expectSuccess(answer: cedar.CheckParseAnswer, what: string): void {
  if (answer.type === 'failure')
    throw new PolicyError('POLICY_INVALID', `Cedar could not prepare the ${what}`, {
      problems: answer.errors.map((error) => ({ ...problem(null, error) })),
    });
}
