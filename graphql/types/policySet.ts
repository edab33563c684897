import type { PublishedPolicySet, PublishResult } from '../../domain/index.js';
import { builder } from '../builder.js';

export const PolicySetType = builder.objectRef<PublishedPolicySet>('PolicySet').implement({
  description: "A version of a tenant's Cedar policy set, as published; decisions name its version.",
  fields: (t) => ({
    tenant: t.exposeString('tenant'),
    version: t.exposeInt('version', { description: 'Counts from 1 per tenant.' }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of `policies` (UTF-8), lowercase hex.' }),
    policyIds: t.exposeStringList('policyIds', { description: 'The `@id` of each policy, in text order.' }),
    description: t.exposeString('description'),
    policies: t.exposeString('policies', { description: 'The Cedar text exactly as published.' }),
    publishedBy: t.exposeString('publishedBy', { description: 'The API key (or user) that published it.' }),
    publishedAt: t.exposeString('publishedAt'),
    eventId: t.exposeID('eventId', { description: 'Its `PolicySetPublished` event.' }),
  }),
});

/** What `publishPolicy` returns on success. */
export const PublishPolicyPayloadType = builder.objectRef<PublishResult>('PublishPolicyPayload').implement({
  fields: (t) => ({
    policySet: t.field({ type: PolicySetType, resolve: (result) => result.set }),
    published: t.exposeBoolean('published', {
      description:
        'False when nothing was recorded: the text is already the current version, or the idempotency key was used.',
    }),
  }),
});
