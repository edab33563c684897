import { z } from 'zod';
import { similarMemoriesByText } from '../../projections/memory/index.js';
import type { MemoryFilter } from '../../projections/memory/index.js';
import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import {
  MemoryConnectionType,
  MemoryScopeEnum,
  MemoryStatusEnum,
  MemoryTypeEnum,
  SimilarMemoryType,
} from '../types/memory.js';
import { pageArgs, pageRequest, toConnection } from '../types/pageArgs.js';
import { shortTextSchema } from '../types/validators.js';

/** Search text: any characters are accepted (the full-text query is built safely), up to this length. */
const searchTextSchema = z.string().max(4096);

builder.queryFields((t) => ({
  memories: t.field({
    type: MemoryConnectionType,
    authScopes: { can: 'memoryRead' },
    description:
      "Your tenant's memory, newest first. `text` is a full-text search over the content (any text is accepted " +
      'as words, never as query syntax); `forUse` keeps only memory a run may use now (approved, unexpired).',
    args: {
      ...pageArgs(),
      scope: t.arg({ type: MemoryScopeEnum }),
      scopeId: t.arg.string({ validate: shortTextSchema }),
      type: t.arg({ type: MemoryTypeEnum }),
      status: t.arg({ type: MemoryStatusEnum }),
      text: t.arg.string({ validate: searchTextSchema }),
      forUse: t.arg.boolean(),
    },
    resolve: async (_root, args, context) => {
      governanceOf(context);
      const filter = memoryFilter(context, args);
      const page = await context.deps.queries.memories(filter, pageRequest(args));
      const items = page.items.map((item, index) => ({ item, cursor: page.cursors[index] ?? '' }));
      return toConnection(items, page.hasNextPage);
    },
  }),
  similarMemories: t.field({
    type: [SimilarMemoryType],
    authScopes: { can: 'memoryRead' },
    description:
      'The `k` memories of your tenant most similar in meaning to `text` (embedded with the model memory was ' +
      'embedded with), best first.',
    args: {
      text: t.arg.string({ required: true, validate: z.string().min(1).max(4096) }),
      k: t.arg.int({ defaultValue: 5, validate: z.number().int().min(1).max(100) }),
      forUse: t.arg.boolean(),
    },
    resolve: async (_root, args, context) => {
      const governance = governanceOf(context);
      const filter = memoryFilter(context, { forUse: args.forUse });
      return similarMemoriesByText(context.deps.queries, governance.embedder, args.text, args.k ?? 5, filter);
    },
  }),
}));

function memoryFilter(
  context: GraphqlContext,
  args: {
    scope?: MemoryFilter['scope'] | null;
    scopeId?: string | null;
    type?: MemoryFilter['type'] | null;
    status?: MemoryFilter['status'] | null;
    text?: string | null;
    forUse?: boolean | null;
  },
): MemoryFilter {
  return {
    tenant: principalOf(context).tenant,
    ...(args.scope == null ? {} : { scope: args.scope }),
    ...(args.scopeId == null ? {} : { scopeId: args.scopeId }),
    ...(args.type == null ? {} : { type: args.type }),
    ...(args.status == null ? {} : { status: args.status }),
    ...(args.text == null ? {} : { text: args.text }),
    ...(args.forUse == null ? {} : { forUse: args.forUse }),
  };
}
