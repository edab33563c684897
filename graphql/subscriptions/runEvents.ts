import { RUN_ENDED_EVENTS, runStream } from '../../domain/index.js';
import type { EventLog, RecordedEvent } from '../../domain/index.js';
import { notFoundError } from '../access/accessErrors.js';
import { builder } from '../builder.js';
import { freshLoaders, principalOf, stillAuthorized } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { EventRef } from '../types/refs.js';
import { runIdSchema } from '../types/validators.js';
import { mapSubscription } from './mapSubscription.js';

builder.subscriptionField('runEvents', (t) =>
  t.field({
    type: EventRef,
    authScopes: { can: 'read' },
    description:
      "A run's events in ledger order from `fromPosition` (default: its first), then live as they commit. After a " +
      'disconnect, resubscribe with the last position seen + 1: nothing is skipped or repeated. Completes after ' +
      "delivering the run's last terminal event (RunCompleted, RunFailed, RunCancelled, RunRolledBack or " +
      'RunRollbackFailed): an ended run that was rolled back since is delivered through its rollback. Anything ' +
      'recorded on the run after the subscription completed (an inference still in flight, a later rollback) is ' +
      'read with `events` or a new subscription from the next position.',
    args: {
      runId: t.arg.id({ required: true, validate: runIdSchema }),
      fromPosition: t.arg({ type: 'Position' }),
    },
    subscribe: (_root, args, context) => subscribeRunEvents(String(args.runId), args.fromPosition, context),
    resolve: async (event, _args, context) => {
      // Nested read-model fields (the event's run, …) show at least this event, from loaders of this event alone.
      await context.deps.waitForProjection(event.position);
      freshLoaders(context);
      return event;
    },
  }),
);

/**
 * A run's events for a subscriber of `context`'s tenant, from `fromPosition`, until its last ending (see
 * `runEvents`). Throws NOT_FOUND for a run missing or of another tenant.
 */
export async function subscribeRunEvents(
  runId: string,
  fromPosition: number | null | undefined,
  context: GraphqlContext,
): Promise<AsyncIterableIterator<RecordedEvent>> {
  // Checked once, when subscribing: a run of another tenant is reported exactly like a missing one.
  if ((await context.loaders.run.load(runId)) === null) throw notFoundError(`run ${runId}`);
  const { tenant } = principalOf(context);
  const stream = runStream(runId);
  const subscription = context.deps.log.subscribeToAll({
    fromPosition: fromPosition ?? 0,
    filter: { streamPrefixes: [stream] },
  });
  return mapSubscription(
    subscription,
    (event) => (event.stream === stream && event.meta.tenant === tenant ? event : null),
    {
      stillAuthorized: () => stillAuthorized(context),
      isLast: (event) => isLastEnding(context.deps.log, event),
    },
  );
}

const ENDINGS: ReadonlySet<string> = new Set(RUN_ENDED_EVENTS);

/**
 * True for a terminal event no later terminal event follows on its stream (yet). An ended run may be rolled back
 * later: delivered from history, its first ending is passed through to its rollback's end. Reads only the events
 * after a terminal one (rare, and few).
 */
async function isLastEnding(log: EventLog, event: RecordedEvent): Promise<boolean> {
  if (!ENDINGS.has(event.type)) return false;
  const later = await log.readStream(event.stream, { fromRevision: event.revision + 1 });
  return !later.some((next) => ENDINGS.has(next.type));
}
