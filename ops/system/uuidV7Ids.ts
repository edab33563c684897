import { v7 as uuidv7 } from 'uuid';
import type { IdGenerator } from '../../domain/index.js';
import { uuidV8FromKey } from '../../ledger/index.js';

/**
 * Time-ordered UUID v7 ids (RFC 9562) from the `uuid` package, which keeps them monotonic within a millisecond;
 * keyed ids are UUID v8 over a SHA-256 of the key.
 */
export const uuidV7Ids: IdGenerator = {
  newId: () => uuidv7(),
  fromKey: (key) => uuidV8FromKey(key),
};
