import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
// The port's real implementation: the digest is only worth something if it is the ledger's SHA-256 of RFC 8785 JSON.
// eslint-disable-next-line mir/layer-arrows -- the Digester port's real adapter, as above
import { sha256Digester } from '../../ops/toolCalls/sha256Digester.js';
import { evolveRun, initialRunState } from './runDecider.js';
import type { RunState } from './runDecider.js';
import { runStateDigest, runStateDocument } from './runStateDigest.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const started = evolveRun(initialRunState, {
  type: 'RunStarted',
  data: { runId: 'r1', goal: 'g', agent: 'a', input: { b: 2, a: 1 }, budget: { maxSteps: 3 } },
  revision: 0,
  tenant: 'acme',
  occurredAt: T0,
});

describe('runStateDigest', () => {
  it('given a folded state, then it is sha256 of the RFC 8785 canonical JSON of the whole state', () => {
    const expected = createHash('sha256')
      .update(canonicalize(runStateDocument(started))!, 'utf8')
      .digest('hex');
    expect(runStateDigest(started, sha256Digester)).toBe(`sha256:${expected}`);
  });

  it('given the same state with members in another order, then the same digest', () => {
    const reordered = Object.fromEntries(Object.entries(started).reverse()) as unknown as RunState;
    const input = { a: 1, b: 2 };
    expect(runStateDigest({ ...reordered, input }, sha256Digester)).toBe(
      runStateDigest(started, sha256Digester),
    );
  });

  it('given one more event folded, then another digest', () => {
    const stepped = evolveRun(started, {
      type: 'StepRecorded',
      data: { stepNumber: 1, kind: 'k', summary: 's', payload: null },
      revision: 1,
      tenant: 'acme',
      occurredAt: T0 + 1000,
    });
    expect(runStateDigest(stepped, sha256Digester)).not.toBe(runStateDigest(started, sha256Digester));
  });
});
