import { join } from 'node:path';
import { printedSchema } from './schema.js';

/**
 * The API's schema as the repository documents it: `docs/schema.graphql`, graphql-js's printSchema output of the
 * lexicographically sorted schema, verbatim, plus a final newline. A test fails whenever it differs from the
 * schema served; `npm run schema` rewrites it (review the diff: it is an API change). Source tree only (tests and
 * the script), never read by the server.
 */
export const SCHEMA_FILE = join(import.meta.dirname, '..', 'docs', 'schema.graphql');

/** The exact text `docs/schema.graphql` must hold. */
export function schemaFileText(): string {
  return `${printedSchema()}\n`;
}
