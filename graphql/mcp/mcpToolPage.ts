import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Tools in one `tools/list` answer; more come page by page (`nextCursor`), so no answer grows with a tenant. */
export const MCP_TOOLS_PAGE_SIZE = 100;

/**
 * The page of `tools` that starts at `cursor` (the offset of its first tool, as a decimal string; none: the first
 * page), at most `MCP_TOOLS_PAGE_SIZE` long, with the next page's cursor when there is one. A cursor that is not
 * such an offset is refused (`InvalidParams`).
 */
export function toolPage(
  tools: readonly Tool[],
  cursor: string | undefined,
): { tools: Tool[]; nextCursor?: string } {
  const start = cursor === undefined ? 0 : Number(cursor);
  if (!/^\d{1,9}$/.test(cursor ?? '0') || start > tools.length)
    throw new McpError(ErrorCode.InvalidParams, `invalid cursor: ${String(cursor).slice(0, 32)}`);
  const end = start + MCP_TOOLS_PAGE_SIZE;
  return {
    tools: tools.slice(start, end),
    ...(end < tools.length ? { nextCursor: String(end) } : {}),
  };
}
