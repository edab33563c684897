import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../events/json.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { ApprovalFeed } from './approvalFeed.js';
import type { PendingApproval } from './approvalQueue.js';

let position = 100;
function recorded(
  type: string,
  runId: string,
  data: Record<string, JsonValue>,
  tenant = 'acme',
): RecordedEvent {
  position += 1;
  return {
    id: `e${position}`,
    type,
    schemaVersion: 1,
    data,
    meta: {
      tenant,
      actor: { kind: 'user', id: 'key-1' },
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-11-24T10:00:00.000Z',
    },
    stream: `run-${runId}`,
    revision: 0,
    position,
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}
const requested = (approvalId: string, runId: string, tenant = 'acme') =>
  recorded(
    'ApprovalRequested',
    runId,
    {
      approvalId,
      callId: `call-${approvalId}`,
      tool: { name: 'pay', version: '1' },
      argsDigest: 'sha256:a',
      policySetVersion: 3,
      determiningPolicies: ['payments-gate'],
      reasons: ['payments need a human'],
      requestedBy: 'key-app',
      expiresAt: '2026-11-24T11:00:00.000Z',
    },
    tenant,
  );
const closing = (type: string, approvalId: string, runId: string) =>
  recorded(type, runId, { approvalId, callId: `call-${approvalId}` });
const pendingFrom = (event: RecordedEvent): PendingApproval => ({
  ...(event.data as unknown as PendingApproval),
  runId: event.stream.slice('run-'.length),
  tenant: event.meta.tenant,
  requestedAt: event.meta.occurredAt,
  position: event.position,
});
const kinds = (changes: readonly { kind: string; approval: { approvalId: string } }[]) =>
  changes.map((change) => `${change.kind} ${change.approval.approvalId}`);

describe('ApprovalFeed', () => {
  it('given approvals already pending, then it starts with them oldest first, with no event', () => {
    const older = pendingFrom(requested('a1', 'r1'));
    const newer = pendingFrom(requested('a2', 'r2'));
    const feed = new ApprovalFeed('acme', [newer, older]);
    const initial = feed.initial();
    expect(kinds(initial)).toEqual(['pending a1', 'pending a2']);
    expect(initial.every((change) => change.event === null)).toBe(true);
  });

  it('given a new request, then `requested` with the approval as the reviewer must see it', () => {
    const feed = new ApprovalFeed('acme', []);
    const event = requested('a1', 'r1');
    const [change] = feed.apply(event);
    expect(change).toMatchObject({
      kind: 'requested',
      event,
      approval: {
        approvalId: 'a1',
        runId: 'r1',
        argsDigest: 'sha256:a',
        policySetVersion: 3,
        position: event.position,
      },
    });
  });

  it.each([
    ['ApprovalGranted', 'granted'],
    ['ApprovalDenied', 'denied'],
    ['ApprovalExpired', 'expired'],
  ])('given a pending approval, when %s is recorded, then `%s`, once', (type, kind) => {
    const feed = new ApprovalFeed('acme', [pendingFrom(requested('a1', 'r1'))]);
    expect(kinds(feed.apply(closing(type, 'a1', 'r1')))).toEqual([`${kind} a1`]);
    expect(feed.apply(closing(type, 'a1', 'r1'))).toEqual([]);
  });

  it('given two approvals pending on a run and one on another, when the run is cancelled, then both are withdrawn', () => {
    const feed = new ApprovalFeed('acme', [pendingFrom(requested('a1', 'r1'))]);
    feed.apply(requested('a2', 'r1'));
    feed.apply(requested('a3', 'r2'));
    const cancelled = recorded('RunCancelled', 'r1', { reason: 'stop' });
    const changes = feed.apply(cancelled);
    expect(kinds(changes)).toEqual(['withdrawn a1', 'withdrawn a2']);
    expect(changes.every((change) => change.event === cancelled)).toBe(true);
    expect(kinds(feed.apply(closing('ApprovalGranted', 'a3', 'r2')))).toEqual(['granted a3']);
  });

  it("given another tenant's events, then nothing, and its approvals never enter the feed", () => {
    const feed = new ApprovalFeed('acme', [pendingFrom(requested('g1', 'r9', 'globex'))]);
    expect(feed.initial()).toEqual([]);
    expect(feed.apply(requested('g2', 'r9', 'globex'))).toEqual([]);
    expect(feed.apply(recorded('RunCancelled', 'r9', {}, 'globex'))).toEqual([]);
  });

  it('given a decision on an approval the feed never saw, or an unrelated event, then nothing', () => {
    const feed = new ApprovalFeed('acme', []);
    expect(feed.apply(closing('ApprovalGranted', 'unknown', 'r1'))).toEqual([]);
    expect(feed.apply(recorded('RunStepRecorded', 'r1', { step: 1 }))).toEqual([]);
  });
});
