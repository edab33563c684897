import { ProjectionError } from './projectionErrors.js';
import type { PageRequest } from './readModelQueries.js';

/** Most items one page may ask for. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Opaque keyset cursors: base64url of `<kind>:<position>`, where the position is the item's key in the
 * listing's order. The kind keeps a cursor of one listing from being accepted by another. Not a secret and not
 * a capability: every query is still scoped to the caller's tenant.
 */
export function encodeCursor(kind: string, position: number): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

/** The position inside a cursor of `kind`; INVALID_CURSOR for anything else. */
export function decodeCursor(kind: string, cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^([a-z]+):(0|[1-9][0-9]{0,15})$/.exec(text);
  const position = match === null ? Number.NaN : Number(match[2]);
  if (match?.[1] !== kind || !Number.isSafeInteger(position)) {
    throw new ProjectionError('INVALID_CURSOR', 'cursor is not one this listing returned', { cursor });
  }
  return position;
}

/** `first` checked (0 to MAX_PAGE_SIZE) and `after` decoded; `after` is null for the first page. */
export function resolvePage(kind: string, page: PageRequest): { first: number; after: number | null } {
  if (!Number.isSafeInteger(page.first) || page.first < 0 || page.first > MAX_PAGE_SIZE) {
    throw new ProjectionError('INVALID_PAGE', `first must be an integer from 0 to ${MAX_PAGE_SIZE}`, {
      first: page.first,
      max: MAX_PAGE_SIZE,
    });
  }
  return { first: page.first, after: page.after === undefined ? null : decodeCursor(kind, page.after) };
}
