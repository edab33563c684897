import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { MCP_TOOLS_PAGE_SIZE, toolPage } from './mcpToolPage.js';

const tools = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    name: `t.tool${String(index).padStart(4, '0')}`,
    inputSchema: { type: 'object' as const },
  }));

describe('toolPage', () => {
  it('given fewer tools than a page, then all of them and no next cursor', () => {
    expect(toolPage(tools(3), undefined)).toEqual({ tools: tools(3) });
  });

  it('given more tools than a page, then pages of the page size whose cursors walk the list once', () => {
    const all = tools(2 * MCP_TOOLS_PAGE_SIZE + 5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = toolPage(all, cursor);
      expect(page.tools.length).toBeLessThanOrEqual(MCP_TOOLS_PAGE_SIZE);
      seen.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(all.map((tool) => tool.name));
  });

  it('given a cursor that is not an offset of the list, then InvalidParams', () => {
    for (const cursor of ['-1', 'abc', '1e3', '999999999999', '11'])
      expect(() => toolPage(tools(10), cursor)).toThrow(McpError);
  });
});
