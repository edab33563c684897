import { describe, expect, it } from 'vitest';
import type { CompletionResult, ToolCallResult } from '../../domain/index.js';
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

  it('given a completed completion, then the text is its content alone and the structured content the outcome', () => {
    const completed: CompletionResult = {
      outcome: 'completed',
      completionId: 'cp-1',
      engine: 'ollama',
      model: 'm',
      reportedModel: 'm-1',
      usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
      responseDigest: 'sha256:cd',
      content: 'Sales rose.',
      toolCalls: [],
      finishReason: 'stop',
      events,
    };
    const result = toolCallToolResult('mir.request_completion', completed);
    expect(result.isError).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: 'Sales rose.' }]);
    expect(result.structuredContent).toMatchObject({
      outcome: 'completed',
      completionId: 'cp-1',
      finishReason: 'stop',
      usage: { totalTokens: 7 },
      reportedModel: 'm-1',
    });
  });

  it('given a response the output guardrail withheld, then an error result naming the outcome, no content', () => {
    const withheld: CompletionResult = {
      outcome: 'withheld',
      completionId: 'cp-2',
      message: 'the response was not released',
      riskScore: 0.9,
      determiningPolicies: [],
      events,
    };
    const result = toolCallToolResult('mir.request_completion', withheld);
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ outcome: 'withheld', completionId: 'cp-2' });
    expect(result.structuredContent).not.toHaveProperty('content');
    expect(result.content).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^mir\.request_completion: withheld by the output guardrail/) as unknown,
      }),
    ]);
  });
});
