import type { JsonObject, JsonValue } from '../events/json.js';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
/** Drafts whose keywords differ from 2020-12 only in the ways `fromDraft07` rewrites (06 and 07). */
const OLDER_DRAFTS = new Set([
  'http://json-schema.org/draft-07/schema#',
  'http://json-schema.org/draft-07/schema',
  'http://json-schema.org/draft-06/schema#',
  'http://json-schema.org/draft-06/schema',
]);

/**
 * An MCP tool's input schema as a draft 2020-12 schema with the same meaning (MCP servers commonly publish
 * draft-07, e.g. from zod): `$schema` is dropped, `definitions` become `$defs` (and local `$ref`s follow), array
 * `items` become `prefixItems` with `additionalItems` as `items`, `dependencies` split into `dependentRequired`
 * and `dependentSchemas`. Nothing is loosened: every constraint is kept. Returns a string (the reason) for a
 * `$schema` it cannot translate.
 */
export function normalizeMcpSchema(schema: JsonObject): JsonObject | string {
  const declared = schema.$schema;
  if (declared === undefined || declared === DRAFT_2020_12) return schema;
  if (typeof declared !== 'string' || !OLDER_DRAFTS.has(declared))
    return `$schema ${JSON.stringify(declared)} is not draft-06, draft-07 or draft 2020-12`;
  const { $schema: _dropped, ...rest } = schema;
  return fromDraft07(rest) as JsonObject;
}

function fromDraft07(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(fromDraft07);
  if (!isObject(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'definitions') out.$defs = subschemas(child);
    else if (key === '$ref' && typeof child === 'string')
      out.$ref = child.replace(/^#\/definitions\//, '#/$defs/');
    else if (key === 'items' && Array.isArray(child)) out.prefixItems = child.map(fromDraft07);
    else if (key === 'additionalItems') {
      if (Array.isArray(value.items)) out.items = fromDraft07(child);
    } else if (key === 'dependencies' && isObject(child)) splitDependencies(child, out);
    else if (key === 'properties' || key === 'patternProperties') out[key] = subschemas(child);
    else out[key] = isSchemaKeyword(key) ? fromDraft07(child) : child;
  }
  return out;
}

/** A map of names to subschemas (`properties`, `definitions`): the names are data, never keywords. */
function subschemas(value: JsonValue): JsonValue {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, fromDraft07(schema)]));
}

function splitDependencies(
  dependencies: { readonly [name: string]: JsonValue },
  out: Record<string, JsonValue>,
) {
  const required: Record<string, JsonValue> = {};
  const schemas: Record<string, JsonValue> = {};
  for (const [name, dependency] of Object.entries(dependencies))
    if (Array.isArray(dependency)) required[name] = dependency;
    else schemas[name] = fromDraft07(dependency);
  if (Object.keys(required).length > 0) out.dependentRequired = required;
  if (Object.keys(schemas).length > 0) out.dependentSchemas = schemas;
}

/** Keywords whose value is (or holds) schemas; the values of the others (`enum`, `const`, `default`…) are data. */
function isSchemaKeyword(key: string): boolean {
  return [
    'items',
    'additionalProperties',
    'propertyNames',
    'contains',
    'not',
    'if',
    'then',
    'else',
    'allOf',
    'anyOf',
    'oneOf',
  ].includes(key);
}

function isObject(value: JsonValue | undefined): value is { readonly [name: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
