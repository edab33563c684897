import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from '../config/runtimeConfig.js';
import { describeStore } from './storeLocation.js';
import { redactConnectionString } from '../../ledger/index.js';

const SECRET = 'S3cr3t-pa55';

describe('store location (--store / MIR_STORE)', () => {
  it('given nothing, then the data directory SQLite file', () => {
    const config = loadRuntimeConfig({ data: '/srv/mir' }, {});
    expect(config.store).toEqual({ kind: 'sqlite', file: '/srv/mir/ledger.db' });
    expect(loadRuntimeConfig({ data: '/srv/mir' }, { MIR_STORE: ' ' }).store.kind).toBe('sqlite');
  });

  it('given a postgres:// or postgresql:// URL, then PostgreSQL in schema mir; ?schema= is ours and never reaches pg', () => {
    expect(loadRuntimeConfig({}, { MIR_STORE: 'postgres://mir@db.example:5433/ledger' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://mir@db.example:5433/ledger',
      schema: 'mir',
    });
    expect(
      loadRuntimeConfig({}, { MIR_STORE: 'postgresql://db/ledger?sslmode=require&schema=tenant_a' }).store,
    ).toEqual({ kind: 'postgres', url: 'postgresql://db/ledger?sslmode=require', schema: 'tenant_a' });
  });

  it('given --store and MIR_STORE, then the flag wins', () => {
    const config = loadRuntimeConfig({ store: 'postgres://flag/db' }, { MIR_STORE: 'postgres://env/db' });
    expect(config.store).toMatchObject({ kind: 'postgres', url: 'postgres://flag/db' });
  });

  it.each([
    ['a file path', '/var/lib/mir/ledger.db'],
    ['another scheme', `mysql://root:${SECRET}@db/ledger`],
    ['a URL with no host', `postgres://mir:${SECRET}@/ledger`],
    ['a schema that is not an identifier', `postgres://mir:${SECRET}@db/ledger?schema=Robert');DROP`],
    ['a malformed URL', `postgres://mir:${SECRET}@db:port/ledger`],
  ])('given %s, then CONFIG_INVALID naming MIR_STORE, the password redacted', (_case, store) => {
    let thrown: unknown;
    try {
      loadRuntimeConfig({ store }, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).code).toBe('CONFIG_INVALID');
    expect((thrown as ConfigError).message).toMatch(/^MIR_STORE \(--store\) /);
    expect(JSON.stringify(thrown) + String(thrown)).not.toContain(SECRET);
  });

  it('given connection strings with passwords, then redactConnectionString keeps everything but the passwords', () => {
    expect(redactConnectionString(`postgres://mir:${SECRET}@db:5432/ledger`)).toBe(
      'postgres://mir:***@db:5432/ledger',
    );
    expect(redactConnectionString(`postgresql://db/ledger?user=mir&password=${SECRET}&sslmode=require`)).toBe(
      'postgresql://db/ledger?user=mir&password=***&sslmode=require',
    );
    expect(redactConnectionString(`connect to postgres://a:${SECRET}@h/d failed`)).toBe(
      'connect to postgres://a:***@h/d failed',
    );
    expect(redactConnectionString('postgres://mir@db/ledger')).toBe('postgres://mir@db/ledger');
  });

  it('given a PostgreSQL store, then it is described with its schema and without its password', () => {
    const { store } = loadRuntimeConfig({ store: `postgres://mir:${SECRET}@db/ledger?schema=mir_a` }, {});
    expect(describeStore(store)).toBe('postgres://mir:***@db/ledger (schema mir_a)');
  });
});
