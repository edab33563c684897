import type { PolicyProblem } from '../../domain/index.js';
import { builder } from '../builder.js';
import {
  ApprovalInvalidError,
  PolicyEngineFailedError,
  PolicyInvalidError,
  PolicyLimitExceededError,
  PolicyRequestInvalidError,
  ToolInvalidError,
  ToolNameReservedError,
  ToolVersionConflictError,
} from '../errors/governanceApiErrors.js';
import { ErrorInterface } from './errorTypes.js';
import { JsonScalar } from './jsonScalar.js';

const PolicyProblemType = builder.objectRef<PolicyProblem>('PolicyProblem').implement({
  description: 'One problem the policy engine found in a policy set.',
  fields: (t) => ({
    policyId: t.exposeString('policyId', {
      nullable: true,
      description: "The policy's `@id` when the problem belongs to one policy.",
    }),
    message: t.exposeString('message'),
    help: t.exposeString('help', { nullable: true }),
  }),
});

builder.objectType(PolicyInvalidError, {
  name: 'PolicyInvalidError',
  description:
    "The policy set was refused before anything was recorded: it does not parse, breaks MIR's Cedar schema, or " +
    'breaks the annotation rules (every policy needs a unique `@id`).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ problems: t.field({ type: [PolicyProblemType], resolve: (error) => error.problems }) }),
});

const PolicyLimitCodeEnum = builder.enumType('PolicyLimitCode', {
  values: ['POLICY_TOO_LARGE', 'POLICY_TOO_COMPLEX'] as const,
});

builder.objectType(PolicyLimitExceededError, {
  name: 'PolicyLimitExceededError',
  description:
    'The policy set is over a limit (size, number of policies, expression depth) and never reached the policy ' +
    'engine. The refusal was recorded (`PolicySetRefused`, `eventId`); the set in force is unchanged.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: PolicyLimitCodeEnum, resolve: (error) => error.code }),
    limit: t.exposeString('limit', { description: '`maxBytes`, `maxPolicies` or `maxDepth`.' }),
    max: t.exposeInt('max'),
    actual: t.exposeInt('actual'),
    eventId: t.exposeID('eventId', { nullable: true }),
  }),
});

builder.objectType(PolicyEngineFailedError, {
  name: 'PolicyEngineFailedError',
  description:
    'The policy engine failed on this request (not a verdict on it) and was replaced by a fresh one; nothing was ' +
    'recorded and no other request was affected.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    operation: t.exposeString('operation', { description: '`check` (a policy set) or `evaluate` (a call).' }),
  }),
});

builder.objectType(PolicyRequestInvalidError, {
  name: 'PolicyRequestInvalidError',
  description: 'The call carries values the policy engine cannot represent. Nothing was recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ details: t.field({ type: JsonScalar, resolve: (error) => error.details }) }),
});

builder.objectType(ToolInvalidError, {
  name: 'ToolInvalidError',
  description:
    'The tool definition was refused before anything was recorded: a malformed field, an input or output schema ' +
    'that is not valid JSON Schema (draft 2020-12), or a compensation naming an unregistered tool.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason'),
    field: t.exposeString('field', { nullable: true, description: 'The schema at fault, if one.' }),
    details: t.field({ type: JsonScalar, resolve: (error) => error.details }),
  }),
});

builder.objectType(ToolVersionConflictError, {
  name: 'ToolVersionConflictError',
  description: 'This name and version are registered with another definition: versions are immutable.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    name: t.string({ resolve: (error) => error.toolName }),
    version: t.exposeString('version'),
    differingFields: t.exposeStringList('differingFields'),
  }),
});

builder.objectType(ToolNameReservedError, {
  name: 'ToolNameReservedError',
  description:
    "A built-in tool has this name, and a tenant's own tool may not take it: register yours under another name. " +
    'Nothing was recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ name: t.string({ resolve: (error) => error.toolName }) }),
});

builder.objectType(ApprovalInvalidError, {
  name: 'ApprovalInvalidError',
  description: 'The decision was refused as given (an empty or oversized reason). Nothing was recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ details: t.field({ type: JsonScalar, resolve: (error) => error.details }) }),
});
