import { describe, expect, it } from 'vitest';
import type { RegisteredTool } from '../../domain/index.js';
import { hasErrorCode } from '../../domain/index.js';
import { createDispatchingToolExecutor } from './dispatchingToolExecutor.js';
import { createRuntimeToolExecutor, handlerKey } from './runtimeToolExecutor.js';

const tool = (execution: RegisteredTool['execution']): RegisteredTool => ({
  name: 'echo.back',
  version: '1',
  description: '',
  inputSchema: { type: 'object' },
  outputSchema: { type: 'object' },
  sideEffect: 'read',
  compensation: null,
  timeoutMs: 1_000,
  rateLimit: null,
  execution,
  riskTags: [],
  tenant: null,
  registeredAt: '2026-01-01T00:00:00.000Z',
  position: 0,
});

const runtime = createRuntimeToolExecutor(
  new Map([[handlerKey('echo.back', '1'), (args) => Promise.resolve({ echoed: args })]]),
);
const context = { tenant: 'acme', timeoutMs: 1_000 };

describe('one dispatch by execution mode', () => {
  it('given a runtime tool, then the runtime executor runs it', async () => {
    const executor = createDispatchingToolExecutor({ runtime });
    expect(await executor.execute(tool('runtime'), { a: 1 }, context)).toEqual({
      output: { echoed: { a: 1 } },
    });
  });

  it('given a mode no executor serves (app, or mcp without a client), then TOOL_NOT_ALLOWED', async () => {
    const executor = createDispatchingToolExecutor({ runtime });
    for (const mode of ['app', 'mcp'] as const) {
      const error = await executor.execute(tool(mode), {}, context).catch((failure: unknown) => failure);
      expect(hasErrorCode(error, 'TOOL_NOT_ALLOWED')).toBe(true);
    }
  });
});
