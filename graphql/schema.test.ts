import { describe, expect, it } from 'vitest';
import { printedSchema } from './schema.js';

// `.sdl`, not `.graphql`: the snapshot is graphql-js's printSchema output verbatim, which prettier would reformat.
describe('schema', () => {
  it('matches the reviewed SDL snapshot (a change here is an API change: review it, then update the snapshot)', async () => {
    await expect(printedSchema()).toMatchFileSnapshot('./__snapshots__/schema.sdl');
  });
});
