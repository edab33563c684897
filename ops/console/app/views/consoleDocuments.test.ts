import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as evidence from './evidence/evidenceBundle.js';
import * as ledger from './ledger/ledgerQueries.js';
import * as runActions from './runs/actions/runMutations.js';

// The documents the views send, checked against the schema the server prints (docs/schema.graphql): a field
// renamed, an argument mistyped or union members whose fields clash is caught here, not in a browser. A view's
// module of documents joins the list below.
const schema = buildSchema(
  readFileSync(join(import.meta.dirname, '../../../../docs/schema.graphql'), 'utf8'),
);
const MODULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { runActions, evidence, ledger };

describe('console GraphQL documents', () => {
  for (const [module, exports] of Object.entries(MODULES))
    for (const [name, text] of Object.entries(exports))
      if (typeof text === 'string' && /^\s*(query|mutation|subscription)\b/.test(text))
        it(`given ${module}.${name}, then it is valid against docs/schema.graphql`, () => {
          expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
        });
});
