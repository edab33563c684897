import pg from 'pg';
import { LedgerError } from '../../domain/index.js';

/** Version of the layout below; a schema written by another version is refused, never rewritten. */
export const POSTGRES_LEDGER_FORMAT = 'mir-ledger-postgres-1';

/** Names a schema may have: what PostgreSQL takes unquoted, so that it reads the same in psql and in MIR. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new LedgerError('INVALID_READ', `schema name ${JSON.stringify(schema)} is not allowed`, {
      field: 'schema',
      reason: 'must match [a-z_][a-z0-9_]{0,62}',
    });
  }
}

/**
 * The ledger in one PostgreSQL schema `s`:
 * - `events`: one row per event, keyed by its global position (0-based, contiguous: the Merkle leaf index),
 *   `data`/`meta` the canonical JSON the hash covers. Triggers refuse UPDATE, DELETE and TRUNCATE, and those
 *   privileges are revoked from PUBLIC and from the owner itself, so no role MIR connects as can rewrite history
 *   (a superuser can still disable both: `mir verify` catches what it does).
 * - `ledger_head`: one row, the next position. Every append transaction locks it first (`FOR UPDATE`), which
 *   serialises commits across all nodes: commit order = position order, no gaps, and a reader never sees a
 *   position before every smaller one is committed. A trigger refuses to move it backwards or delete it.
 * - `merkle_nodes`: perfect Merkle subtrees (derived data, recomputable from `events`).
 * - `leases`: who holds the checkpointer role until when (see postgresCheckpointLease.ts).
 * - `blobs` (blobsSql, added to schemas created before it on the next start): content-addressed payloads events
 *   name by digest, immutable like `events`.
 */
function schemaSql(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE ${s}.ledger_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE ${s}.events (
  position bigint PRIMARY KEY,
  stream text NOT NULL,
  revision bigint NOT NULL,
  id text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data text NOT NULL,
  meta text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT events_id_unique UNIQUE (id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream, revision)
);
CREATE TABLE ${s}.ledger_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  next_position bigint NOT NULL CHECK (next_position >= 0)
);
INSERT INTO ${s}.ledger_head (next_position) VALUES (0);
CREATE TABLE ${s}.merkle_nodes (
  level integer NOT NULL,
  idx bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (level, idx)
);
CREATE TABLE ${s}.leases (name text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL);
CREATE FUNCTION ${s}.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger events are immutable and permanent (% on %)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE FUNCTION ${s}.refuse_head_rewind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW.next_position < OLD.next_position THEN
    RAISE EXCEPTION 'the ledger head only moves forwards' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_ledger_change();
CREATE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_ledger_change();
CREATE TRIGGER head_moves_forwards BEFORE UPDATE OR DELETE ON ${s}.ledger_head
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_head_rewind();
CREATE TRIGGER head_is_not_truncated BEFORE TRUNCATE ON ${s}.ledger_head
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_ledger_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.events FROM PUBLIC, CURRENT_USER;
REVOKE DELETE, TRUNCATE ON ${s}.ledger_head FROM PUBLIC, CURRENT_USER;
INSERT INTO ${s}.ledger_meta (key, value) VALUES ('format', '${POSTGRES_LEDGER_FORMAT}');
`;
}

/**
 * The `blobs` table: `digest` (`sha256:<hex>` of `bytes`), `size` in bytes. Idempotent, so it both completes a
 * schema created before blobs existed and runs on every start; rows are immutable and permanent like events.
 */
function blobsSql(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.blobs (
  digest text PRIMARY KEY,
  size bigint NOT NULL CHECK (size >= 0),
  bytes bytea NOT NULL
);
CREATE OR REPLACE TRIGGER blobs_are_immutable BEFORE UPDATE OR DELETE ON ${s}.blobs
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_ledger_change();
CREATE OR REPLACE TRIGGER blobs_are_not_truncated BEFORE TRUNCATE ON ${s}.blobs
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_ledger_change();
REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.blobs FROM PUBLIC, CURRENT_USER;
`;
}

/**
 * Creates the ledger's schema on first start, or checks the format of an existing one. Nodes starting together
 * are serialised by a transaction-scoped advisory lock, so exactly one creates it and the others see it whole.
 *
 * @throws LedgerError `STORAGE_CORRUPT` when the schema holds another format, or (read-only) no ledger at all.
 */
export async function ensurePostgresSchema(client: pg.ClientBase, schema: string, readOnly: boolean) {
  const s = pg.escapeIdentifier(schema);
  const format = async (): Promise<string | null | undefined> => {
    const table = await client.query<{ present: string | null }>('SELECT to_regclass($1) AS present', [
      `${s}.ledger_meta`,
    ]);
    if (table.rows[0]?.present === null) return undefined;
    const row = await client.query<{ value: string }>(
      `SELECT value FROM ${s}.ledger_meta WHERE key = 'format'`,
    );
    return row.rows[0]?.value ?? null;
  };
  if (readOnly) return checkFormat(schema, await format());
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mir-ledger-schema:${schema}`]);
    const found = await format();
    if (found === undefined) await client.query(schemaSql(s));
    else checkFormat(schema, found);
    await client.query(blobsSql(s));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function checkFormat(schema: string, found: string | null | undefined): void {
  if (found === POSTGRES_LEDGER_FORMAT) return;
  const message =
    found === undefined
      ? `not a MIR ledger: schema ${schema} has no ledger_meta table`
      : `unsupported ledger format ${found ?? 'none'} in schema ${schema}`;
  throw new LedgerError('STORAGE_CORRUPT', message, {
    schema,
    expected: POSTGRES_LEDGER_FORMAT,
    actual: found ?? null,
  });
}
