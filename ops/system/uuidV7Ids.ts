import { v7 as uuidv7 } from 'uuid';
import type { IdGenerator } from '../../domain/index.js';

/** Time-ordered UUID v7 ids (RFC 9562) from the `uuid` package, which keeps them monotonic within a millisecond. */
export const uuidV7Ids: IdGenerator = { newId: () => uuidv7() };
