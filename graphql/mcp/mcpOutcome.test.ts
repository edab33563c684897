import { describe, expect, it } from 'vitest';
import type { ToolCallResult } from '../../domain/index.js';
import { toolCallToolResult } from './mcpOutcome.js';

const events = [{ id: 'e-1', revision: 3, position: 17, hash: 'h' }];

describe('toolCallToolResult', () => {
  it('given a completed call, then the outcome, call id, output and event references, not an error', () => {
    const completed: ToolCallResult = {
      outcome: 'completed',
      callId: 'c-1',
      output: { ok: true },
      outputDigest: 'sha256:ab',
      compensation: null,
      events,
    };
    const result = toolCallToolResult('kv.put', completed);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      outcome: 'completed',
      tool: 'kv.put',
      callId: 'c-1',
      output: { ok: true },
      outputDigest: 'sha256:ab',
      compensation: null,
      events: [{ id: 'e-1', revision: 3, position: 17 }],
    });
  });

  it('given a call waiting for a reviewer, then pending_approval with the approval id and how to resume', () => {
    const pending: ToolCallResult = {
      outcome: 'pending_approval',
      callId: 'c-2',
      approvalId: 'a-2',
      expiresAt: '2026-01-01T00:00:00.000Z',
      events,
    };
    const result = toolCallToolResult('kv.put', pending);
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ outcome: 'pending_approval', approvalId: 'a-2' });
    expect(result.structuredContent?.resume).toMatch(/call kv\.put again .* approvalId/);
  });

  it('given a denied call, then an error result that still carries the recorded outcome', () => {
    const denied: ToolCallResult = {
      outcome: 'denied',
      callId: 'c-3',
      reason: 'POLICY_DENIED',
      message: 'secret keys are off limits',
      details: { determiningPolicies: ['no-secrets'] },
      events,
    };
    const result = toolCallToolResult('kv.put', denied);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ outcome: 'denied', reason: 'POLICY_DENIED' });
    expect(result.content).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^kv\.put: denied \(POLICY_DENIED\)/) as unknown,
      }),
    ]);
  });
});
