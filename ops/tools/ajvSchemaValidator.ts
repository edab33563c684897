import { createHash } from 'node:crypto';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type {
  JsonObject,
  JsonValue,
  SchemaValidation,
  SchemaValidator,
  SchemaViolation,
} from '../../domain/index.js';
import { ToolError } from '../../domain/index.js';
import { canonicalJson } from '../../ledger/index.js';

// Both packages are CommonJS: under NodeNext the default import is `module.exports`, whose `default` is the export.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export interface AjvSchemaValidatorOptions {
  /** Compiled schemas kept (least recently used evicted first). Default 512. */
  readonly cacheSize?: number;
}

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const REFERENCE_KEYWORDS = new Set(['$ref', '$dynamicRef']);

/**
 * `SchemaValidator` on ajv (draft 2020-12, strict mode, formats from ajv-formats). Strict mode refuses unknown
 * keywords and ambiguous types, so a typo in a schema fails registration instead of silently matching anything.
 * `allErrors` is off: validation stops at the first violation (faster, and one precise reason is enough to refuse).
 *
 * No remote references: there is no `loadSchema`, and any `$ref`/`$dynamicRef` that is not local to the schema
 * (starting with `#`) is refused at `checkSchema`, so a schema can never make MIR fetch a URL.
 *
 * Compiled validators are cached by SHA-256 of the schema's canonical JSON (RFC 8785), bounded, LRU.
 */
export class AjvSchemaValidator implements SchemaValidator {
  readonly #ajv = new Ajv2020({
    strict: true,
    allErrors: false,
    // Schemas are not kept in ajv's registry by `$id`: two tools may each declare the same `$id`, and the cache
    // below is the only place compiled schemas live, so eviction really frees them.
    addUsedSchema: false,
    validateFormats: true,
    // `type: ['string', 'null']` is the idiomatic nullable; strict mode would otherwise refuse it.
    allowUnionTypes: true,
  });
  readonly #cacheSize: number;
  readonly #compiled = new Map<string, ValidateFunction>();
  /** Shortcut for the same schema object (the registry hands out the same objects): skips re-hashing. */
  readonly #byObject = new WeakMap<object, { digest: string; validate: ValidateFunction }>();

  constructor(options: AjvSchemaValidatorOptions = {}) {
    this.#cacheSize = options.cacheSize ?? 512;
    addFormats(this.#ajv);
  }

  checkSchema(schema: JsonObject): void {
    this.#compile(schema);
  }

  validate(schema: JsonObject, value: JsonValue): SchemaValidation {
    const validate = this.#compile(schema);
    if (validate(value)) return { ok: true };
    return { ok: false, errors: (validate.errors ?? []).map(toViolation) };
  }

  /** Number of compiled schemas held (for tests and metrics). */
  get cachedSchemas(): number {
    return this.#compiled.size;
  }

  #compile(schema: JsonObject): ValidateFunction {
    const known = this.#byObject.get(schema);
    if (known !== undefined && this.#compiled.get(known.digest) === known.validate) {
      this.#touch(known.digest, known.validate);
      return known.validate;
    }
    const digest = digestOf(schema);
    const cached = this.#compiled.get(digest);
    if (cached !== undefined) {
      this.#touch(digest, cached);
      this.#byObject.set(schema, { digest, validate: cached });
      return cached;
    }
    const validate = this.#compileFresh(schema);
    this.#touch(digest, validate);
    this.#byObject.set(schema, { digest, validate });
    return validate;
  }

  #compileFresh(schema: JsonObject): ValidateFunction {
    if (schema.$schema !== undefined && schema.$schema !== DRAFT_2020_12)
      throw invalid(`$schema must be ${DRAFT_2020_12} (or absent)`, []);
    const remote = findNonLocalReference(schema, '');
    if (remote !== null) throw invalid(`${remote.keyword} at ${remote.path} is not local to the schema`, []);
    try {
      return this.#ajv.compile(schema);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw invalid(message, this.#ajv.errors ?? []);
    }
  }

  #touch(digest: string, validate: ValidateFunction): void {
    this.#compiled.delete(digest);
    this.#compiled.set(digest, validate);
    while (this.#compiled.size > this.#cacheSize) {
      const oldest = this.#compiled.keys().next().value as string;
      const evicted = this.#compiled.get(oldest);
      this.#compiled.delete(oldest);
      // ajv also caches compiled functions by schema object: drop that entry so the memory really goes.
      if (evicted !== undefined) this.#ajv.removeSchema(evicted.schema);
    }
  }
}

function digestOf(schema: JsonObject): string {
  let canonical: string;
  try {
    canonical = canonicalJson(schema);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error), []);
  }
  return createHash('sha256').update(canonical).digest('hex');
}

/** The first `$ref`/`$dynamicRef` whose target is outside the schema, with its JSON Pointer location. */
function findNonLocalReference(value: JsonValue, path: string): { keyword: string; path: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of (value as readonly JsonValue[]).entries()) {
      const found = findNonLocalReference(item, `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value as JsonObject)) {
    const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (REFERENCE_KEYWORDS.has(key) && !(typeof child === 'string' && child.startsWith('#')))
      return { keyword: key, path: childPath };
    const found = findNonLocalReference(child, childPath);
    if (found !== null) return found;
  }
  return null;
}

function toViolation(error: ErrorObject): SchemaViolation {
  // `required` reports the object, not the missing member: point at the member, which is what is wrong.
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const path = missing === undefined ? error.instancePath : `${error.instancePath}/${escapeToken(missing)}`;
  return { path, message: error.message ?? error.keyword };
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function invalid(reason: string, errors: readonly ErrorObject[]): ToolError {
  return new ToolError('TOOL_INVALID', `invalid JSON Schema: ${reason}`, {
    reason,
    errors: errors.map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword })),
  });
}
