import { describe, expect, it } from 'vitest';
import { runStream } from '../../domain/index.js';
import type {
  ApprovalRequestedData,
  JsonObject,
  PendingApproval,
  RecordedEvent,
} from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { TEST_META, testEvent, testEvents } from '../../ledger/testing/testEvents.js';
import { approvalCalls, NO_APPROVAL_CALL } from './approvalDetails.js';

const RUN = '0190a000-0000-7000-8000-000000000001';
const requested = (callId: string, args: JsonObject) =>
  testEvent({
    type: 'ToolCallRequested',
    data: { callId, args, argsDigest: 'sha256:x', requestedBy: 'app' },
  });
const decided = (callId: string, outcome: string, riskScore: number | null) =>
  testEvent({ type: 'PolicyDecided', data: { callId, outcome, riskScore, policySetVersion: 1 } });
const approval = (callId: string) =>
  testEvent({
    type: 'ApprovalRequested',
    data: {
      approvalId: `approval-${callId}`,
      callId,
      tool: { name: 'acme.pay', version: '1' },
      argsDigest: 'sha256:x',
      policySetVersion: 1,
      determiningPolicies: ['gate'],
      reasons: [],
      requestedBy: 'app',
      expiresAt: '2026-11-23T13:00:00.000Z',
    },
  });

/** The queue's view of an `ApprovalRequested` (as `pendingApprovalOf` builds it). */
const pendingOf = (event: RecordedEvent): PendingApproval => ({
  ...(event.data as unknown as ApprovalRequestedData),
  runId: RUN,
  tenant: event.meta.tenant,
  requestedAt: event.meta.occurredAt,
  position: event.position,
});

describe('approvalCalls', () => {
  it('given a call decided apart from its approval and one with no request, then the run’s stream is searched', async () => {
    const log = createMemoryEventLog();
    const stream = runStream(RUN);
    // c1: request, then an allow before the approval-asking decision; its approval comes in a later append.
    await log.append(stream, [requested('c1', { amount: 3 }), decided('c1', 'allow', 0.1)], 'no_stream');
    await log.append(stream, [decided('c1', 'require_approval', 0.7), ...testEvents(2)], 1);
    await log.append(stream, [approval('c1'), approval('c2')], 4);
    await log.append('elsewhere', [testEvent({ meta: { ...TEST_META, tenant: 'globex' } })], 'no_stream');
    const events: RecordedEvent[] = await log.readStream(stream);
    const pending = events.filter((event) => event.type === 'ApprovalRequested').map(pendingOf);

    const calls = await approvalCalls(log, 'acme', pending);

    expect(calls[0]!.requested).toMatchObject({ callId: 'c1', args: { amount: 3 } });
    expect(calls[0]!.decided).toMatchObject({ outcome: 'require_approval', riskScore: 0.7 });
    expect(calls[1]).toEqual(NO_APPROVAL_CALL);
    expect(await approvalCalls(log, 'globex', pending)).toEqual([NO_APPROVAL_CALL, NO_APPROVAL_CALL]);
  });
});
