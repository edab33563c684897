import { z } from 'zod';
import { builder } from '../builder.js';
import { EventConnectionType } from '../types/connections.js';
import { pageArgs, pageRequest } from '../types/pageArgs.js';
import { instantSchema, runIdSchema, shortTextSchema } from '../types/validators.js';
import { resolveEventConnection } from './eventConnection.js';

builder.queryField('events', (t) =>
  t.field({
    type: EventConnectionType,
    authScopes: { can: 'read' },
    description:
      "Your tenant's events in ledger order, by stream, type, run, actor, position range (inclusive) and time " +
      '(`occurredAfter`/`occurredBefore`: exclusive ISO 8601 bounds on `occurredAt`).',
    args: {
      ...pageArgs(),
      stream: t.arg.string({ validate: shortTextSchema }),
      type: t.arg.string({ validate: shortTextSchema }),
      types: t.arg.stringList({ validate: z.array(shortTextSchema).max(50) }),
      runId: t.arg.id({ validate: runIdSchema }),
      actorId: t.arg.string({ validate: shortTextSchema }),
      fromPosition: t.arg({ type: 'Position' }),
      toPosition: t.arg({ type: 'Position' }),
      occurredAfter: t.arg.string({ validate: instantSchema }),
      occurredBefore: t.arg.string({ validate: instantSchema }),
    },
    resolve: (_root, args, context) => {
      const types = [...(args.types ?? []), ...(args.type == null ? [] : [args.type])];
      return resolveEventConnection(
        context,
        {
          ...(args.stream == null ? {} : { stream: args.stream }),
          ...(types.length === 0 ? {} : { types }),
          ...(args.runId == null ? {} : { runId: String(args.runId) }),
          ...(args.actorId == null ? {} : { actorId: args.actorId }),
          ...(args.fromPosition == null ? {} : { fromPosition: args.fromPosition }),
          ...(args.toPosition == null ? {} : { toPosition: args.toPosition }),
          ...(args.occurredAfter == null ? {} : { occurredAfter: args.occurredAfter }),
          ...(args.occurredBefore == null ? {} : { occurredBefore: args.occurredBefore }),
        },
        pageRequest(args),
      );
    },
  }),
);
