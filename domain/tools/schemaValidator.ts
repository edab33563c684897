import type { JsonObject, JsonValue } from '../events/json.js';

/** One way a value fails a schema: `path` is a JSON Pointer into the value (`''` is the value itself). */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

export type SchemaValidation =
  { readonly ok: true } | { readonly ok: false; readonly errors: readonly SchemaViolation[] };

/**
 * JSON Schema (draft 2020-12) checking, behind a port so the domain stays free of the validator library.
 * Adapters compile each distinct schema once (cached by a digest of its canonical JSON) and resolve no remote
 * references.
 */
export interface SchemaValidator {
  /** Throws `TOOL_INVALID` (details: `errors`) when `schema` is not a usable draft 2020-12 schema. */
  checkSchema(schema: JsonObject): void;
  /**
   * Checks `value` against `schema`. Never throws for a value that does not match (that is `ok: false`); throws
   * `TOOL_INVALID` when the schema itself is unusable.
   */
  validate(schema: JsonObject, value: JsonValue): SchemaValidation;
}
