import { z } from 'zod';
import { builder } from '../builder.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `first` and `after` of a forward-only connection, validated (1–100, default 20; cursors up to 512 chars). */
export function pageArgs() {
  return builder.args((t) => ({
    first: t.int({ defaultValue: DEFAULT_PAGE_SIZE, validate: z.number().int().min(1).max(MAX_PAGE_SIZE) }),
    after: t.string({ validate: z.string().min(1).max(512) }),
  }));
}

export function pageRequest(args: { first?: number | null; after?: string | null }) {
  return {
    first: args.first ?? DEFAULT_PAGE_SIZE,
    ...(args.after === undefined || args.after === null ? {} : { after: args.after }),
  };
}

/** Edges and page info from items and their cursors (same order). */
export function toConnection<T>(items: ReadonlyArray<{ item: T; cursor: string }>, hasNextPage: boolean) {
  return {
    edges: items.map(({ item, cursor }) => ({ cursor, node: item })),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: items[0]?.cursor ?? null,
      endCursor: items.at(-1)?.cursor ?? null,
    },
  };
}
