import { NO_STREAM } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import {
  eventStoreExpectedRevision,
  retriesOnConflict,
  revisionFromEventStore,
} from './eventStoreRevision.js';

describe('expected revisions on EventStoreDB', () => {
  it('given the head an append chains onto, then ESDB expects exactly that head', () => {
    expect(eventStoreExpectedRevision(null)).toBe(NO_STREAM);
    expect(eventStoreExpectedRevision({ revision: 0, hash: 'a'.repeat(64) })).toBe(0n);
    expect(eventStoreExpectedRevision({ revision: 41, hash: 'a'.repeat(64) })).toBe(41n);
  });

  it('when ESDB reports a conflict, then only expectations another writer cannot break are retried', () => {
    expect(retriesOnConflict('any')).toBe(true);
    expect(retriesOnConflict('exists')).toBe(true);
    expect(retriesOnConflict('no_stream')).toBe(false);
    expect(retriesOnConflict(3)).toBe(false);
  });

  it('given ESDB’s current revision, then the MIR revision is a number or null for no stream', () => {
    expect(revisionFromEventStore(NO_STREAM)).toBeNull();
    expect(revisionFromEventStore(7n)).toBe(7);
  });
});
