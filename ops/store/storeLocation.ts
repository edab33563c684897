import { redactConnectionString } from '../../ledger/index.js';

/** Schema MIR's tables live in on PostgreSQL unless the URL's `?schema=` names another. */
export const DEFAULT_POSTGRES_SCHEMA = 'mir';

/**
 * Where the ledger lives: the data directory's SQLite file (the default), or a PostgreSQL database that several
 * nodes may share. `url` is what the `pg` client connects with (MIR's own `schema` parameter removed); print only
 * `redactConnectionString(url)`.
 */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

const POSTGRES_SCHEME = /^postgres(?:ql)?:\/\//i;
/** An unquoted PostgreSQL identifier MIR creates its tables under: lower case, at most 63 bytes. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Parses `--store` / `MIR_STORE`: absent or empty = the SQLite file `ledgerFile`; `postgres://…` or
 * `postgresql://…` = PostgreSQL, where an optional `schema=<name>` query parameter (default `mir`) is MIR's and is
 * removed before the URL reaches `pg`. Anything else is refused through `invalid`, with any password redacted.
 */
export function parseStoreLocation(
  text: string | undefined,
  ledgerFile: string,
  invalid: (message: string) => Error,
): StoreLocation {
  if (text === undefined || text.trim() === '') return { kind: 'sqlite', file: ledgerFile };
  const shown = JSON.stringify(redactConnectionString(text));
  if (!POSTGRES_SCHEME.test(text))
    throw invalid(`must be a postgres:// or postgresql:// URL (or unset for the SQLite file), got ${shown}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`is not a valid URL: ${shown}`);
  }
  if (url.hostname === '' && !url.searchParams.has('host')) throw invalid(`names no host: ${shown}`);
  const schema = url.searchParams.get('schema') ?? DEFAULT_POSTGRES_SCHEMA;
  if (!SCHEMA_NAME.test(schema))
    throw invalid(
      `schema must be a lower-case identifier of at most 63 characters, got ${JSON.stringify(schema)}`,
    );
  url.searchParams.delete('schema');
  return { kind: 'postgres', url: url.toString(), schema };
}

/** How a store is named to an operator: the SQLite file's path, or the redacted URL and the schema. */
export function describeStore(location: StoreLocation): string {
  return location.kind === 'sqlite'
    ? location.file
    : `${redactConnectionString(location.url)} (schema ${location.schema})`;
}
