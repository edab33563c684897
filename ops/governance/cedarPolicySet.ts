import type * as CedarTypes from '@cedar-policy/cedar-wasm/nodejs';
import type { PolicyMeta, PolicyProblem, PolicySetCheck } from '../../domain/index.js';
import { readPolicySetMeta } from '../../domain/index.js';
import type { CedarWasm } from './cedarWasm.js';
import { MIR_CEDAR_SCHEMA } from './mirCedarSchema.js';

/** A policy set split into its policies, keyed by their `@id`s, with what MIR reads from their annotations. */
export interface ParsedPolicySet {
  readonly metas: ReadonlyMap<string, PolicyMeta>;
  /** Every policy's text by `@id`, in text order: Cedar then reports decisions by these ids. */
  readonly byId: Readonly<Record<string, string>>;
}

/**
 * Splits and reads `text` on the `cedar` instance, or returns why it cannot: parse errors, templates, annotation
 * rule breaks. A trap inside `cedar` is thrown: run it through `CedarEngine.run`.
 */
export function parsePolicySet(
  cedar: CedarWasm,
  text: string,
): ParsedPolicySet | { readonly problems: PolicyProblem[] } {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') return { problems: parts.errors.map((error) => problem(null, error)) };
  if (parts.policy_templates.length > 0)
    return { problems: [{ policyId: null, message: 'policy templates are not supported', help: null }] };
  const policies: { effect: 'permit' | 'forbid'; annotations: Record<string, string>; text: string }[] = [];
  for (const policy of parts.policies) {
    const json = cedar.policyToJson(policy);
    if (json.type === 'failure') return { problems: json.errors.map((error) => problem(null, error)) };
    policies.push({ effect: json.json.effect, annotations: json.json.annotations ?? {}, text: policy });
  }
  const { metas, problems } = readPolicySetMeta(policies);
  if (problems.length > 0)
    return { problems: problems.map((message) => ({ policyId: null, message, help: null })) };
  const byId: Record<string, string> = {};
  metas.forEach((meta, index) => (byId[meta.id] = policies[index]!.text));
  return { metas: new Map(metas.map((meta) => [meta.id, meta])), byId };
}

/** Parses `text`, then validates it (strict mode) against MIR's schema, on the `cedar` instance. */
export function checkPolicySet(cedar: CedarWasm, text: string): PolicySetCheck {
  const parsed = parsePolicySet(cedar, text);
  if ('problems' in parsed) return { ok: false, problems: parsed.problems };
  const answer = cedar.validate({
    schema: MIR_CEDAR_SCHEMA,
    policies: { staticPolicies: { ...parsed.byId } },
  });
  if (answer.type === 'failure')
    return { ok: false, problems: answer.errors.map((error) => problem(null, error)) };
  if (answer.validationErrors.length > 0)
    return {
      ok: false,
      problems: answer.validationErrors.map((entry) => problem(entry.policyId, entry.error)),
    };
  return { ok: true, policyIds: [...parsed.metas.keys()] };
}

/** Cedar's error as plain data: message and help only (no source offsets into a text the caller holds anyway). */
export function problem(policyId: string | null, error: CedarTypes.DetailedError): PolicyProblem {
  return { policyId, message: error.message, help: error.help };
}
