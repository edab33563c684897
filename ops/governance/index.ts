export { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
export type { CedarPolicyEvaluatorOptions } from './cedarPolicyEvaluator.js';
export { checkPolicySet, parsePolicySet } from './cedarPolicySet.js';
export type { ParsedPolicySet } from './cedarPolicySet.js';
export { toCedarRequest } from './cedarRequest.js';
export { MIR_CEDAR_SCHEMA, MIR_ENTITY } from './mirCedarSchema.js';
export { sha256PolicyDigester } from './policyDigester.js';
