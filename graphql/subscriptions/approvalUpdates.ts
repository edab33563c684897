import { APPROVAL_QUEUE_EVENTS, ApprovalFeed, isExpired, RUN_STREAM_PREFIX } from '../../domain/index.js';
import type { ApprovalChange } from '../../domain/index.js';
import { builder } from '../builder.js';
import { freshLoaders, principalOf, stillAuthorized } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { PendingApprovalType } from '../types/approval.js';
import type { PendingApprovalView } from '../types/approval.js';
import { EventRef } from '../types/refs.js';
import { expandSubscription } from './mapSubscription.js';

interface ApprovalUpdateView extends Omit<ApprovalChange, 'approval'> {
  readonly approval: PendingApprovalView;
}

const ApprovalChangeEnum = builder.enumType('ApprovalChangeKind', {
  description:
    '`pending`: already waiting when you subscribed; `requested`: newly asked for; `granted`, `denied`, ' +
    '`expired`: decided or noticed expired (it left the queue); `withdrawn`: its run ended first.',
  values: ['pending', 'requested', 'granted', 'denied', 'expired', 'withdrawn'] as const,
});

const ApprovalUpdateType = builder.objectRef<ApprovalUpdateView>('ApprovalUpdate').implement({
  description: "A change to your tenant's approval queue.",
  fields: (t) => ({
    kind: t.field({ type: ApprovalChangeEnum, resolve: (update) => update.kind }),
    approval: t.field({
      type: PendingApprovalType,
      description: 'The approval as it was requested; `expired` as of when this update was sent.',
      resolve: (update) => update.approval,
    }),
    event: t.field({
      type: EventRef,
      nullable: true,
      description: 'The event that made the change; null for `pending`.',
      resolve: (update) => update.event,
    }),
  }),
});

function viewOf(change: ApprovalChange, context: GraphqlContext): ApprovalUpdateView {
  const now = (context.deps.clock ?? { now: () => Date.now() }).now();
  const expired = change.kind === 'expired' || isExpired(change.approval, now);
  return { ...change, approval: { ...change.approval, expired } };
}

/**
 * Loads the calls and policy texts of the queue as it is when subscribing in one batch, so that a queue of many
 * approvals costs a few reads, not a few per approval (each item is resolved on its own). Failures are left to
 * the fields that ask again.
 */
async function primeDetails(context: GraphqlContext, initial: readonly ApprovalUpdateView[]): Promise<void> {
  const approvals = initial.map((update) => update.approval);
  const versions = approvals.flatMap((approval) => approval.policySetVersion ?? []);
  await Promise.allSettled([
    ...approvals.map((approval) => context.loaders.approvalCall.load(approval)),
    ...versions.map((version) => context.loaders.policySet.load(version)),
  ]);
}

builder.subscriptionField('approvals', (t) =>
  t.field({
    type: ApprovalUpdateType,
    authScopes: { can: 'approvalRead' },
    description:
      "Your tenant's approval queue, live, for reviewers: first every approval already pending (oldest first, " +
      'unless `includePending` is false), then each request, decision, expiry and withdrawal as it commits. ' +
      'Nothing falls between the two; after a disconnect, subscribe again for the queue as it is then.',
    args: {
      includePending: t.arg.boolean({ defaultValue: true }),
    },
    subscribe: async (_root, args, context) => {
      const governance = governanceOf(context);
      const { tenant } = principalOf(context);
      const { pending, nextPosition } = await governance.approvalQueue.snapshot(tenant);
      const feed = new ApprovalFeed(tenant, pending);
      const subscription = context.deps.log.subscribeToAll({
        fromPosition: nextPosition,
        filter: { streamPrefixes: [RUN_STREAM_PREFIX], types: [...APPROVAL_QUEUE_EVENTS] },
      });
      const initial = args.includePending === false ? [] : feed.initial().map((c) => viewOf(c, context));
      await primeDetails(context, initial);
      return expandSubscription(subscription, (event) => feed.apply(event).map((c) => viewOf(c, context)), {
        initial,
        stillAuthorized: () => stillAuthorized(context),
      });
    },
    resolve: async (update, _args, context) => {
      // The queue as it was when subscribing is served by the loaders primed then; later updates get fresh ones,
      // and the event's nested read-model fields (its run, …) show at least this event.
      if (update.event === null) return update;
      await context.deps.waitForProjection(update.event.position);
      freshLoaders(context);
      return update;
    },
  }),
);
