import { describe, expect, it } from 'vitest';
import { RUN_BUDGET_LIMITS } from '../domain/index.js';
import { isInputObjectType, isObjectType } from './graphqlJs.js';
import { printedSchema, schema } from './schema.js';

// `.sdl`, not `.graphql`: the snapshot is graphql-js's printSchema output verbatim, which prettier would reformat.
describe('schema', () => {
  it('matches the reviewed SDL snapshot (a change here is an API change: review it, then update the snapshot)', async () => {
    await expect(printedSchema()).toMatchFileSnapshot('./__snapshots__/schema.sdl');
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
