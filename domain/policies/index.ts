export { POLICY_STREAM_PREFIX, POLICY_EVENT_TYPES, policyStream } from './policyEvents.js';
export type {
  PolicySetPublishedData,
  PolicySetRefusedData,
  PolicyEvent,
  PublishedPolicySet,
} from './policyEvents.js';
export {
  DEFAULT_POLICY_LIMITS,
  measurePolicyText,
  policyLimitError,
  policyLimitViolation,
} from './policyLimits.js';
export type { PolicyLimits, PolicyLimitViolation, PolicyTextMeasure } from './policyLimits.js';
export { POLICY_ACTIONS } from './policyRequest.js';
export type {
  PolicyAction,
  SideEffectClass,
  PolicyOutcome,
  PolicyRunContext,
  PolicyRollbackContext,
  PolicyCompletionContext,
  PolicyToolContext,
  PolicyRequest,
  PolicyVerdict,
  PolicyDecision,
} from './policyRequest.js';
export { PolicyError, isPolicyError, POLICY_ERROR_CODES } from './policyErrors.js';
export type { PolicyErrorCode } from './policyErrors.js';
export type { PolicyEvaluator, PolicyDigester, PolicyProblem, PolicySetCheck } from './policyEvaluator.js';
export {
  POLICY_ANNOTATIONS,
  APPROVAL_REQUIRED,
  readPolicyMeta,
  readPolicySetMeta,
} from './policyAnnotations.js';
export type { PolicyMeta } from './policyAnnotations.js';
export { resolveOutcome, DEFAULT_DENY_REASON } from './policyOutcome.js';
export type { EnginePass } from './policyOutcome.js';
export { decidePublish, evolvePolicy, initialPolicyState, toPublishedSet } from './policyDecider.js';
export type { PolicyState, PublishPolicySet } from './policyDecider.js';
export { PolicyService, NO_POLICY_SET_REASON } from './policyService.js';
export type { PolicyServiceDependencies, PublishPolicyCommand, PublishResult } from './policyService.js';
