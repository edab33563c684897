import { z } from 'zod';
import { builder } from '../builder.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import {
  PolicyEngineFailedError,
  PolicyInvalidError,
  PolicyLimitExceededError,
} from '../errors/governanceApiErrors.js';
import { ConcurrencyConflictError, LedgerInputError } from '../errors/apiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { PublishPolicyPayloadType } from '../types/policySet.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs } from './mutationArgs.js';

/** Size, count and depth are the policy service's limits (refused there, and recorded): one place for them. */
const policiesSchema = z.string().min(1);
const descriptionSchema = z.string().max(1024);

builder.mutationField('publishPolicy', (t) =>
  t.field({
    type: PublishPolicyPayloadType,
    authScopes: { can: 'policyAdmin' },
    errors: {
      types: [
        PolicyInvalidError,
        PolicyLimitExceededError,
        PolicyEngineFailedError,
        ConcurrencyConflictError,
        LedgerInputError,
      ],
      directResult: true,
    },
    description:
      "Publishes Cedar policies as the next version of your tenant's policy set (`PolicySetPublished`), after " +
      "validating them against MIR's schema (PolicyInvalidError otherwise, nothing recorded). A set over the " +
      'limits (size, number of policies, expression depth) is refused before validation and the refusal recorded ' +
      '(PolicyLimitExceededError). Every decision from then on uses this version; publishing the current text ' +
      'again records nothing.',
    args: {
      policies: t.arg.string({ required: true, validate: policiesSchema }),
      description: t.arg.string({ validate: descriptionSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const governance = governanceOf(context);
      const command = { policies: args.policies, description: args.description ?? '' };
      try {
        return await governance.policies.publish(command, governedOrigin(context, args.idempotencyKey));
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);
