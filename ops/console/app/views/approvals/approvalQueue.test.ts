import { describe, expect, it } from 'vitest';
import { applyUpdate, countdown, EMPTY_QUEUE, queued, reconcile } from './approvalQueue.js';
import type { ApprovalChangeKind, ApprovalQueue, QueuedApproval } from './approvalQueue.js';

function approval(id: string, position: number): QueuedApproval {
  return {
    approvalId: id,
    runId: `run-${id}`,
    callId: `call-${id}`,
    tool: 'payments.transfer',
    toolVersion: '1.0.0',
    args: { amount: position },
    argsRecorded: true,
    argsDigest: `digest-${id}`,
    riskScore: 0.5,
    policySetVersion: 1,
    policies: [{ id: 'large-payments', text: 'forbid (...);' }],
    reasons: ['amount over 1000'],
    requestedBy: 'key-app',
    requestedAt: '2026-12-03T10:00:00.000Z',
    expiresAt: '2026-12-03T10:15:00.000Z',
    expired: false,
    position,
  };
}

function given(...updates: [ApprovalChangeKind, QueuedApproval][]): ApprovalQueue {
  return updates.reduce(
    (queue, [kind, item]) =>
      applyUpdate(queue, {
        kind,
        approval: item,
        event: kind === 'pending' ? null : { position: item.position },
      }),
    EMPTY_QUEUE,
  );
}

const ids = (queue: ApprovalQueue) => queued(queue).map((item) => item.approvalId);

describe('applyUpdate', () => {
  it('given pending and requested approvals, then the queue lists them oldest request first', () => {
    const queue = given(['requested', approval('b', 20)], ['pending', approval('a', 10)]);
    expect(ids(queue)).toEqual(['a', 'b']);
  });

  it.each(['granted', 'denied', 'expired', 'withdrawn'] as const)(
    'when an approval is %s, then it leaves the queue',
    (kind) => {
      const queue = given(
        ['pending', approval('a', 10)],
        ['pending', approval('b', 20)],
        [kind, approval('a', 10)],
      );
      expect(ids(queue)).toEqual(['b']);
    },
  );

  it('given an approval that left, when a resubscription replays it as pending, then it does not come back', () => {
    const queue = given(
      ['pending', approval('a', 10)],
      ['granted', approval('a', 10)],
      ['pending', approval('a', 10)],
    );
    expect(ids(queue)).toEqual([]);
  });

  it('when a resubscription replays a queued approval, then it is listed once', () => {
    const queue = given(['pending', approval('a', 10)], ['pending', approval('a', 10)]);
    expect(ids(queue)).toEqual(['a']);
  });
});

describe('reconcile', () => {
  it('given an approval decided while disconnected, when the snapshot lacks it, then it is dropped', () => {
    const queue = given(['pending', approval('a', 10)], ['pending', approval('b', 20)]);
    const after = reconcile(queue, [approval('b', 20)], queue.seq);
    expect(ids(after)).toEqual(['b']);
  });

  it('given a request that arrived after the snapshot was asked for, when the snapshot lacks it, then it stays', () => {
    const before = given(['pending', approval('a', 10)]);
    const askedAt = before.seq;
    const queue = applyUpdate(before, {
      kind: 'requested',
      approval: approval('c', 30),
      event: { position: 30 },
    });
    expect(ids(reconcile(queue, [approval('a', 10)], askedAt))).toEqual(['a', 'c']);
  });

  it('given an approval decided after the snapshot was asked for, when the snapshot still lists it, then it stays gone', () => {
    const before = given(['pending', approval('a', 10)], ['pending', approval('b', 20)]);
    const askedAt = before.seq;
    const queue = applyUpdate(before, {
      kind: 'denied',
      approval: approval('a', 10),
      event: { position: 31 },
    });
    expect(ids(reconcile(queue, [approval('a', 10), approval('b', 20)], askedAt))).toEqual(['b']);
  });

  it('given a request missed while disconnected, when the snapshot lists it, then it is added', () => {
    const queue = given(['pending', approval('b', 20)]);
    expect(ids(reconcile(queue, [approval('a', 10), approval('b', 20)], queue.seq))).toEqual(['a', 'b']);
  });

  it('when the snapshot marks an approval expired, then the queue shows it expired', () => {
    const queue = given(['pending', approval('a', 10)]);
    const after = reconcile(queue, [{ ...approval('a', 10), expired: true }], queue.seq);
    expect(queued(after)[0]?.expired).toBe(true);
  });
});

describe('countdown', () => {
  const deadline = '2026-12-03T10:15:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('given time left, then it counts down to the deadline', () => {
    expect(countdown(deadline, at('2026-12-03T10:10:55.000Z'))).toEqual({
      expired: false,
      text: 'expires in 4m 05s',
    });
  });

  it('at the deadline itself, then it is not yet expired (the server expires it once the deadline has passed)', () => {
    expect(countdown(deadline, at(deadline))).toEqual({ expired: false, text: 'expires in 0s' });
  });

  it('given the deadline passed, then it is expired and says since when', () => {
    expect(countdown(deadline, at('2026-12-03T10:17:00.000Z'))).toEqual({
      expired: true,
      text: 'expired 2m 00s ago',
    });
  });
});
