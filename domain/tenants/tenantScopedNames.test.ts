import { describe, expect, it } from 'vitest';
import { scopedStream, SYSTEM_TENANT, TenantScopedNames } from './tenantScopedNames.js';

const entry = (version: string, position: number) => ({ version, position });

describe('tenant-scoped names', () => {
  it("given a tenant's name and a global one, then each tenant sees its own and the global, never another tenant's", () => {
    const names = new TenantScopedNames<{ version: string; position: number }>();
    names.add(SYSTEM_TENANT, 'kv.get', entry('1', 1));
    names.add('acme', 'crm.lookup', entry('1', 2));
    names.add('acme', 'crm.lookup', entry('2', 3));

    expect(names.visible('acme')).toEqual([entry('1', 2), entry('2', 3), entry('1', 1)]);
    expect(names.visible('globex')).toEqual([entry('1', 1)]);
    expect(names.versions('globex', 'crm.lookup')).toEqual([]);
    expect(names.owner('globex', 'crm.lookup')).toBeNull();
    expect(names.owner('acme', 'kv.get')).toBe(SYSTEM_TENANT);
  });

  it("given a global name, then a tenant may not take it; given a tenant's name, another tenant may", () => {
    const names = new TenantScopedNames<{ version: string; position: number }>();
    names.add(SYSTEM_TENANT, 'kv.get', entry('1', 1));
    names.add('acme', 'crm.lookup', entry('1', 2));

    expect(names.reserved('acme', 'kv.get')).toBe(true);
    expect(names.reserved(SYSTEM_TENANT, 'kv.get')).toBe(false);
    expect(names.reserved('globex', 'crm.lookup')).toBe(false);
  });

  it('given a tenant registered a name before a global of that name, then the tenant keeps its own and the others see the global', () => {
    const names = new TenantScopedNames<{ version: string; position: number }>();
    names.add('acme', 'search', entry('1', 1));
    names.add(SYSTEM_TENANT, 'search', entry('9', 2));

    expect(names.versions('acme', 'search')).toEqual([entry('1', 1)]);
    expect(names.reserved('acme', 'search')).toBe(false);
    expect(names.versions('globex', 'search')).toEqual([entry('9', 2)]);
    expect(names.all()).toHaveLength(2);
  });

  it('given the same version twice, then the first registration wins', () => {
    const names = new TenantScopedNames<{ version: string; position: number }>();
    names.add('acme', 'search', entry('1', 1));
    names.add('acme', 'search', entry('1', 5));
    expect(names.versions('acme', 'search')).toEqual([entry('1', 1)]);
  });

  it('then global streams keep their layout and tenant streams carry the tenant before a colon', () => {
    expect(scopedStream('tool-', SYSTEM_TENANT, 'kv.put')).toBe('tool-kv.put');
    expect(scopedStream('model-', 'acme', 'churn')).toBe('model-acme:churn');
    // No tenant or tool name holds ":", so the split is unambiguous: these never coincide.
    expect(scopedStream('tool-', 'a-b', 'c')).not.toBe(scopedStream('tool-', 'a', 'b-c'));
  });
});
