import type { JsonValue } from '../events/json.js';
import type { SchemaValidator } from './schemaValidator.js';
import type { ToolRegisteredData } from './toolEvents.js';
import { ToolError } from './toolErrors.js';

/**
 * Checks a call's args against the tool's input schema. Throws `TOOL_ARGS_INVALID` (details: `tool`, `version`,
 * `errors: [{ path, message }]` with JSON Pointer paths into the args).
 */
export function checkToolArgs(schemas: SchemaValidator, tool: ToolRegisteredData, args: JsonValue): void {
  const result = schemas.validate(tool.inputSchema, args);
  if (result.ok) return;
  throw new ToolError(
    'TOOL_ARGS_INVALID',
    `args do not match the input schema of ${tool.name}@${tool.version}`,
    {
      tool: tool.name,
      version: tool.version,
      errors: result.errors.map((error) => ({ path: error.path, message: error.message })),
    },
  );
}

/** Checks a call's output against the tool's output schema. Throws `TOOL_OUTPUT_INVALID` (same details). */
export function checkToolOutput(schemas: SchemaValidator, tool: ToolRegisteredData, output: JsonValue): void {
  const result = schemas.validate(tool.outputSchema, output);
  if (result.ok) return;
  throw new ToolError(
    'TOOL_OUTPUT_INVALID',
    `output does not match the output schema of ${tool.name}@${tool.version}`,
    {
      tool: tool.name,
      version: tool.version,
      errors: result.errors.map((error) => ({ path: error.path, message: error.message })),
    },
  );
}
