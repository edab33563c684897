import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ApiError } from '../errors/apiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { GraphQLError } from '../graphqlJs.js';

/** A refusal as an MCP tool result carries it: the code and message GraphQL answers, and the values behind it. */
export interface McpToolError {
  /** The code GraphQL answers for the same refusal (`RUN_NOT_FOUND`, `BAD_USER_INPUT`, `FORBIDDEN`, …). */
  readonly code: string;
  readonly message: string;
  /** The refusal's own values: a typed error's fields, or `reason` (the MirError code) and its `details`. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** What a broken invariant (or anything that is not a refusal) answers: nothing about it leaves the server. */
export const UNEXPECTED_ERROR: McpToolError = {
  code: 'INTERNAL_SERVER_ERROR',
  message: 'Unexpected error.',
  details: {},
};

/**
 * The MCP answer to a thrown error, through the one error table (`toApiError`): a typed API error keeps its code
 * and fields; a GraphQL error its `extensions` (without the HTTP status); anything else is null (unexpected: the
 * caller answers `UNEXPECTED_ERROR` and logs it).
 */
export function mcpToolError(error: unknown): McpToolError | null {
  const mapped = toApiError(error);
  if (mapped instanceof ApiError) {
    const { code: _code, ...fields } = Object.fromEntries(Object.entries(mapped));
    return { code: mapped.code, message: mapped.message, details: fields };
  }
  if (mapped instanceof GraphQLError) {
    const { code, http: _http, ...details } = mapped.extensions;
    return {
      code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
      message: mapped.message,
      details,
    };
  }
  return null;
}

/** A tool result for an error: `isError`, the error as structured content (`{ error }`) and as text. */
export function errorToolResult(error: McpToolError): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}` }],
    structuredContent: { error: { ...error } },
  };
}
