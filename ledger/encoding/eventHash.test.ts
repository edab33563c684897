import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../portable/canonicalJson.js';
import { computeEventHash, EVENT_HASH_PREFIX, eventPreimage, GENESIS_HASH } from './eventHash.js';

const event = {
  id: '0190f5e2-7c1a-7b3e-9f00-0123456789ab',
  stream: 'run-0190f5e2-7c1a-7b3e-9f00-0123456789ab',
  revision: 0,
  type: 'RunStarted',
  schemaVersion: 1,
  data: canonicalJson({ goal: 'résumé ✓', budget: { maxSteps: 10 } }),
  meta: canonicalJson({
    tenant: 'acme',
    actor: { kind: 'user', id: 'u-1' },
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-11-23T12:00:00.000Z',
  }),
  prevHash: GENESIS_HASH,
};

describe('event hash', () => {
  it('given an event, then the preimage is the prefix plus the JCS encoding of the envelope without position and hash', () => {
    const envelope = {
      ...event,
      data: JSON.parse(event.data) as unknown,
      meta: JSON.parse(event.meta) as unknown,
    };
    expect(eventPreimage(event)).toBe(EVENT_HASH_PREFIX + canonicalize(envelope));
  });

  it('given the pinned test vector, then the hash is SHA-256 of the UTF-8 preimage and never changes', () => {
    const expected = createHash('sha256')
      .update(Buffer.from(eventPreimage(event), 'utf8'))
      .digest('hex');
    expect(computeEventHash(event)).toBe(expected);
    expect(computeEventHash(event)).toBe('ac43a4f11c0202981b0d81ad0daf9fd4775388ee6144d23dfc51721d9730db6d');
  });

  it('when any hashed field changes, then the hash changes', () => {
    const base = computeEventHash(event);
    for (const change of [
      { revision: 1 },
      { stream: 'run-x' },
      { type: 'RunStopped' },
      { schemaVersion: 2 },
      { data: '{}' },
      { prevHash: 'a'.repeat(64) },
      { id: '0190f5e2-7c1a-7b3e-9f00-0123456789ac' },
    ]) {
      expect(computeEventHash({ ...event, ...change })).not.toBe(base);
    }
  });
});
