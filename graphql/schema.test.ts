import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaFileText } from './schemaFile.js';

// `.graphql` in docs/ is listed in .prettierignore: it is graphql-js's printSchema output verbatim.
describe('schema', () => {
  it('given docs/schema.graphql, then it is exactly the served schema (a difference is an API change: review it, then `npm run schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaFileText());
  });
});
