import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from './runMutations.js';

// The documents the run actions send, checked against the schema the server prints (docs/schema.graphql): a field
// renamed or a union member whose fields clash is caught here, not in a browser.
const schema = buildSchema(
  readFileSync(join(import.meta.dirname, '../../../../../../docs/schema.graphql'), 'utf8'),
);

describe('run action documents', () => {
  for (const [name, text] of Object.entries(documents))
    it(`given ${name}, then it is valid against docs/schema.graphql`, () => {
      expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
    });
});
