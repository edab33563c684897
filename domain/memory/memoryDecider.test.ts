import { describe, expect, it } from 'vitest';
import { initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import type { MemoryContext, ProposeMemory } from './memoryCommands.js';
import {
  checkProvenanceFound,
  decideApply,
  decidePropose,
  decideRetract,
  decideReview,
} from './memoryDecider.js';
import type { RunFacts } from './memoryDecider.js';
import type { MemoryError } from './memoryErrors.js';
import type { MemoryEvent } from './memoryEvents.js';
import { evolveMemory, initialMemoryState } from './memoryState.js';
import type { MemoryState } from './memoryState.js';

const NOW = Date.UTC(2026, 0, 1);
const app: MemoryContext = { principal: 'app-1', role: 'app', tenant: 't1', now: NOW };
const reviewer: MemoryContext = { principal: 'rev-1', role: 'reviewer', tenant: 't1', now: NOW };
const facts = { contentDigest: 'ab'.repeat(32), embedding: null };
const proposal: ProposeMemory = {
  memoryId: 'm1',
  type: 'fact',
  scope: 'agent',
  scopeId: 'planner',
  content: 'The customer prefers email.',
  provenance: ['e1'],
  expiresAt: new Date(NOW + 60_000).toISOString(),
};

function given(...events: MemoryEvent[]): MemoryState {
  return events.reduce(
    (state, event, revision) => evolveMemory(state, { ...event, revision, tenant: 't1' }),
    initialMemoryState,
  );
}
const proposed = (): MemoryEvent => decidePropose(proposal, initialMemoryState, app, facts)[0]!;
const reviewed = (decision: 'approved' | 'rejected'): MemoryEvent => ({
  type: 'MemoryReviewed',
  data: { memoryId: 'm1', decision, reviewer: 'rev-1', reason: 'checked' },
});
const retracted: MemoryEvent = {
  type: 'MemoryRetracted',
  data: { memoryId: 'm1', reason: 'stale', by: 'app-1' },
};
const run = (patch: Partial<RunState> = {}): RunFacts => ({
  state: {
    ...initialRunState,
    runId: 'r1',
    tenant: 't1',
    status: 'running',
    agent: 'planner',
    revision: 3,
    ...patch,
  },
  startedBy: 'user-7',
});
const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as MemoryError).code;
  }
  return 'no error';
};

describe('memory decider', () => {
  it('given nothing, when an app proposes, then MemoryProposed with digest, proposer and expiry', () => {
    const [event] = decidePropose(proposal, initialMemoryState, app, facts);
    expect(event).toMatchObject({
      type: 'MemoryProposed',
      data: { memoryId: 'm1', proposedBy: 'app-1', scopeId: 'planner' },
    });
  });

  it('given bad proposals, then MEMORY_INVALID_COMMAND (no provenance for run scope, repeated id, 8 KiB, past expiry, tenant scopeId)', () => {
    const cases: Partial<ProposeMemory>[] = [
      { scope: 'run', scopeId: 'r1', provenance: [] },
      { type: 'episode', provenance: [] },
      { provenance: ['e1', 'e2', 'e1'] },
      { content: 'é'.repeat(4097) },
      { content: '  ' },
      { expiresAt: new Date(NOW).toISOString() },
      { scope: 'tenant', scopeId: 'x' },
      { scope: 'user', scopeId: null },
    ];
    for (const patch of cases)
      expect(codeOf(() => decidePropose({ ...proposal, ...patch }, initialMemoryState, app, facts))).toBe(
        'MEMORY_INVALID_COMMAND',
      );
  });

  it('given resolved provenance, when one id was not found, then MEMORY_INVALID_COMMAND names that id', () => {
    expect(() => checkProvenanceFound(['e1', 'e2'], new Set(['e1', 'e2']))).not.toThrow();
    let error: MemoryError | undefined;
    try {
      checkProvenanceFound(['e1', 'e2', 'e3'], new Set(['e1']));
    } catch (thrown) {
      error = thrown as MemoryError;
    }
    expect(error?.code).toBe('MEMORY_INVALID_COMMAND');
    expect(error?.details).toEqual({ field: 'provenance', reason: 'names an unknown event: "e2"' });
  });

  it('given a reviewer proposing, then MEMORY_FORBIDDEN; given an existing memory, then MEMORY_ALREADY_EXISTS', () => {
    expect(codeOf(() => decidePropose(proposal, initialMemoryState, reviewer, facts))).toBe(
      'MEMORY_FORBIDDEN',
    );
    expect(codeOf(() => decidePropose(proposal, given(proposed()), app, facts))).toBe(
      'MEMORY_ALREADY_EXISTS',
    );
  });

  it('given a proposal, when a reviewer approves, then MemoryReviewed', () => {
    const decision = decideReview(
      { memoryId: 'm1', decision: 'approved', reason: 'ok' },
      given(proposed()),
      reviewer,
    );
    expect(decision.refusal).toBeNull();
    expect(decision.events).toEqual(
      [reviewed('approved')].map((e) => ({ ...e, data: { ...e.data, reason: 'ok' } })),
    );
  });

  it('given state that forbids a review, then a recorded MemoryReviewRefused with the code', () => {
    const self: MemoryContext = { ...reviewer, principal: 'app-1' };
    const cases: [MemoryState, MemoryContext, string][] = [
      [given(proposed()), self, 'MEMORY_SELF_REVIEW'],
      [given(proposed()), app, 'MEMORY_FORBIDDEN'],
      [given(proposed(), reviewed('rejected')), reviewer, 'MEMORY_ALREADY_REVIEWED'],
      [given(proposed(), retracted), reviewer, 'MEMORY_RETRACTED'],
      [given(proposed()), { ...reviewer, now: NOW + 60_000 }, 'MEMORY_EXPIRED'],
    ];
    for (const [state, context, code] of cases) {
      const decision = decideReview({ memoryId: 'm1', decision: 'approved', reason: 'ok' }, state, context);
      expect(decision.refusal?.code).toBe(code);
      expect(decision.events).toEqual([
        {
          type: 'MemoryReviewRefused',
          data: expect.objectContaining({ code, reviewer: context.principal }) as unknown,
        },
      ]);
    }
  });

  it('given another tenant, then MEMORY_NOT_FOUND, nothing recorded', () => {
    const other = { ...reviewer, tenant: 't2' };
    expect(
      codeOf(() =>
        decideReview({ memoryId: 'm1', decision: 'approved', reason: 'ok' }, given(proposed()), other),
      ),
    ).toBe('MEMORY_NOT_FOUND');
  });

  it('given an approved memory in scope, when applied, then MemoryApplied with its revision and digest', () => {
    const decision = decideApply(
      { runId: 'r1', memoryId: 'm1' },
      given(proposed(), reviewed('approved')),
      run(),
      app,
    );
    expect(decision.refusal).toBeNull();
    expect(decision.events).toEqual([
      {
        type: 'MemoryApplied',
        data: {
          memoryId: 'm1',
          memoryStream: 'memory-t1-m1',
          memoryRevision: 1,
          contentDigest: facts.contentDigest,
          type: 'fact',
          scope: 'agent',
          appliedBy: 'app-1',
        },
      },
    ]);
  });

  it('given memory the run may not use, then MemoryApplyRefused with the code', () => {
    const approved = given(proposed(), reviewed('approved'));
    const cases: [MemoryState, RunFacts, MemoryContext, string][] = [
      [given(proposed()), run(), app, 'MEMORY_NOT_APPROVED'],
      [given(proposed(), reviewed('rejected')), run(), app, 'MEMORY_REJECTED'],
      [given(proposed(), reviewed('approved'), retracted), run(), app, 'MEMORY_RETRACTED'],
      [approved, run(), { ...app, now: NOW + 60_000 }, 'MEMORY_EXPIRED'],
      [approved, run({ agent: 'other' }), app, 'MEMORY_SCOPE_MISMATCH'],
    ];
    for (const [memory, facts, context, code] of cases) {
      const decision = decideApply({ runId: 'r1', memoryId: 'm1' }, memory, facts, context);
      expect(decision.refusal?.code).toBe(code);
      expect(decision.events[0]).toMatchObject({
        type: 'MemoryApplyRefused',
        data: { code, memoryId: 'm1' },
      });
    }
  });

  it('given user and run scopes, then they match the run starter and the run id', () => {
    const user = evolveMemory(initialMemoryState, {
      ...decidePropose({ ...proposal, scope: 'user', scopeId: 'user-7' }, initialMemoryState, app, facts)[0]!,
      revision: 0,
      tenant: 't1',
    });
    const approvedUser = evolveMemory(user, { ...reviewed('approved'), revision: 1, tenant: 't1' });
    expect(decideApply({ runId: 'r1', memoryId: 'm1' }, approvedUser, run(), app).refusal).toBeNull();
    const stranger = { ...run(), startedBy: 'user-8' };
    expect(decideApply({ runId: 'r1', memoryId: 'm1' }, approvedUser, stranger, app).refusal?.code).toBe(
      'MEMORY_SCOPE_MISMATCH',
    );
  });

  it('given an ended run, then RUN_NOT_ACTIVE, nothing recorded', () => {
    const approved = given(proposed(), reviewed('approved'));
    expect(
      codeOf(() => decideApply({ runId: 'r1', memoryId: 'm1' }, approved, run({ status: 'completed' }), app)),
    ).toBe('RUN_NOT_ACTIVE');
  });

  it('given a memory, when retracted twice, then MemoryRetracted then MEMORY_RETRACTED; auditors may not', () => {
    expect(decideRetract({ memoryId: 'm1', reason: 'stale' }, given(proposed()), app)).toEqual([retracted]);
    expect(
      codeOf(() => decideRetract({ memoryId: 'm1', reason: 'x' }, given(proposed(), retracted), app)),
    ).toBe('MEMORY_RETRACTED');
    const auditor: MemoryContext = { ...app, role: 'auditor' };
    expect(codeOf(() => decideRetract({ memoryId: 'm1', reason: 'x' }, given(proposed()), auditor))).toBe(
      'MEMORY_FORBIDDEN',
    );
  });
});
