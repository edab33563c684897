import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_BUDGET_LIMITS } from '../domain/index.js';
import { isInputObjectType, isObjectType } from './graphqlJs.js';
import { schema } from './schema.js';
import { SCHEMA_FILE, schemaFileText } from './schemaFile.js';

// `.graphql` in docs/ is listed in .prettierignore: it is graphql-js's printSchema output verbatim.
describe('schema', () => {
  it('given docs/schema.graphql, then it is exactly the served schema (a difference is an API change: review it, then `npm run schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaFileText());
  });

  it("offers every budget limit the domain knows: startRun's RunBudgetInput and Run.budget name exactly them", () => {
    const input = schema.getType('RunBudgetInput');
    const output = schema.getType('RunBudget');
    if (!isInputObjectType(input) || !isObjectType(output)) throw new Error('budget types missing');
    const limits = [...RUN_BUDGET_LIMITS].sort();
    expect(Object.keys(input.getFields()).sort()).toEqual(limits);
    expect(Object.keys(output.getFields()).sort()).toEqual(limits);
  });
});
