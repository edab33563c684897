import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../domain/index.js';
import { AjvSchemaValidator } from './ajvSchemaValidator.js';

const person: JsonObject = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    tags: { type: 'array', items: { $ref: '#/$defs/tag' } },
  },
  required: ['email'],
  additionalProperties: false,
  $defs: { tag: { type: 'string', maxLength: 3 } },
};

describe('ajv schema validator', () => {
  it('given a valid schema, then values are checked with formats and local refs, errors as JSON Pointers', () => {
    const schemas = new AjvSchemaValidator();
    expect(schemas.validate(person, { email: 'a@example.com', tags: ['x'] })).toEqual({ ok: true });
    expect(schemas.validate(person, { email: 'not-an-email' })).toEqual({
      ok: false,
      errors: [{ path: '/email', message: 'must match format "email"' }],
    });
    expect(schemas.validate(person, { email: 'a@example.com', tags: ['ok', 'toolong'] })).toMatchObject({
      ok: false,
      errors: [{ path: '/tags/1' }],
    });
    expect(schemas.validate(person, { tags: [] })).toMatchObject({ ok: false, errors: [{ path: '/email' }] });
  });

  it('when a schema is malformed or breaks strict mode, then checkSchema throws TOOL_INVALID with the reason', () => {
    const schemas = new AjvSchemaValidator();
    const malformed: JsonObject[] = [
      { type: 'strin' },
      { type: 'string', maxLenght: 3 },
      { type: 'object', required: 'email' },
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
    ];
    for (const schema of malformed)
      expect(() => schemas.checkSchema(schema)).toThrow(expect.objectContaining({ code: 'TOOL_INVALID' }));
  });

  it('when a schema refers outside itself, then it is refused before anything could be fetched', () => {
    const schemas = new AjvSchemaValidator();
    for (const ref of ['https://example.com/s.json', 'http://127.0.0.1:1/s', 'other.json#/x'])
      expect(() => schemas.checkSchema({ type: 'object', properties: { a: { $ref: ref } } })).toThrow(
        expect.objectContaining({
          code: 'TOOL_INVALID',
          details: expect.objectContaining({
            reason: expect.stringContaining('/properties/a/$ref') as unknown,
          }) as unknown,
        }),
      );
  });

  it('given equal schemas as different objects (members reordered), then one compiled validator is shared; the cache is bounded', () => {
    const schemas = new AjvSchemaValidator({ cacheSize: 2 });
    schemas.checkSchema({ type: 'string', maxLength: 2 });
    schemas.checkSchema({ maxLength: 2, type: 'string' });
    expect(schemas.cachedSchemas).toBe(1);
    for (let i = 0; i < 5; i++) schemas.checkSchema({ type: 'integer', maximum: i });
    expect(schemas.cachedSchemas).toBe(2);
    expect(schemas.validate({ type: 'string', maxLength: 2 }, 'abc')).toMatchObject({ ok: false });
  });

  it('given two schemas with the same $id and different content, then both compile (no shared ajv registry)', () => {
    const schemas = new AjvSchemaValidator();
    const a = { $id: 'urn:mir:t', type: 'string' };
    const b = { $id: 'urn:mir:t', type: 'integer' };
    expect(schemas.validate(a, 'x')).toEqual({ ok: true });
    expect(schemas.validate(b, 1)).toEqual({ ok: true });
  });
});
