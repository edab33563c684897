import { describe, expect, it } from 'vitest';
import { RunError, TenantError, ToolError } from '../../domain/index.js';
import { forbiddenError } from '../access/accessErrors.js';
import { errorToolResult, mcpToolError } from './mcpToolError.js';

// The MCP answer to a refusal comes from the one error table, as GraphQL's does: same codes, same values.

describe('mcpToolError', () => {
  it('given a refusal with a typed GraphQL result, then its code, message and fields', () => {
    const error = new RunError('RUN_NOT_FOUND', 'run r-1 not found', { runId: 'r-1' });
    expect(mcpToolError(error)).toEqual({
      code: 'RUN_NOT_FOUND',
      message: 'run r-1 not found',
      details: { runId: 'r-1' },
    });
  });

  it('given a refusal the table answers with a status, then the API code with the MirError code as reason and no HTTP status', () => {
    const halted = new TenantError('TENANT_HALTED', 'acme is halted', { tenant: 'acme' });
    expect(mcpToolError(halted)).toEqual({
      code: 'TENANT_HALTED',
      message: 'acme is halted',
      details: { reason: 'TENANT_HALTED', details: { tenant: 'acme' } },
    });
    const unknown = new ToolError('TOOL_NOT_FOUND', 'no tool x', { name: 'x' });
    expect(mcpToolError(unknown)).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { reason: 'TOOL_NOT_FOUND' },
    });
    expect(mcpToolError(forbiddenError('mcp:kv.put', 'auditor'))).toEqual({
      code: 'FORBIDDEN',
      message: 'the auditor role may not use mcp:kv.put',
      details: {},
    });
  });

  it('given a broken invariant or a plain error, then null: nothing about it is answered', () => {
    expect(mcpToolError(new ToolError('TOOL_OUTPUT_INVALID', 'bad output'))).toBeNull();
    expect(mcpToolError(new Error('/secret/path exploded'))).toBeNull();
  });

  it('given an error, then the tool result is isError with the error as structured content and text', () => {
    const result = errorToolResult({ code: 'FORBIDDEN', message: 'no', details: {} });
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'FORBIDDEN: no' }],
      structuredContent: { error: { code: 'FORBIDDEN', message: 'no', details: {} } },
    });
  });
});
