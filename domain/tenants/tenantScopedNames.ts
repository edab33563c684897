/**
 * The tenant of the runtime itself. What it registers (the built-in tools, the shipped models) is global: every
 * tenant sees and uses it. No API key is ever issued for it, so no caller can register globally.
 */
export const SYSTEM_TENANT = 'system';

/** A tenant's name: 1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit (never `:`). */
export const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What a scoped index keeps per registration: its version and its place in the global order. */
export interface ScopedEntry {
  readonly version: string;
  readonly position: number;
}

/**
 * The stream of one registered name: `<prefix><name>` for the system tenant (the layout every global
 * registration has always had), `<prefix><tenant>:<name>` for a tenant's own. Neither tenant names nor tool or
 * model names may hold `:`, so two tenants' streams never coincide, nor one with a global stream.
 */
export function scopedStream(prefix: string, tenant: string, name: string): string {
  return tenant === SYSTEM_TENANT ? `${prefix}${name}` : `${prefix}${tenant}:${name}`;
}

/**
 * Names registered per tenant, as the tool and model registries index them. A tenant sees its own names and the
 * system tenant's; when both hold a name, the scope that registered it first owns it for that tenant (a tenant
 * may not take a global name, so this only matters for a built-in added later under a name a tenant already
 * had: the tenant keeps its own). Every other tenant's names are invisible: looking one up is looking up nothing.
 */
export class TenantScopedNames<T extends ScopedEntry> {
  /** tenant → name → versions in registration order. */
  readonly #scopes = new Map<string, Map<string, T[]>>();

  /** Indexes a registration. The first registration of a version wins: a later duplicate is ignored. */
  add(tenant: string, name: string, entry: T): void {
    const names = this.#scopes.get(tenant) ?? new Map<string, T[]>();
    const versions = names.get(name) ?? [];
    if (versions.some((known) => known.version === entry.version)) return;
    versions.push(entry);
    names.set(name, versions);
    this.#scopes.set(tenant, names);
  }

  /** The tenant whose registrations of `name` `tenant` sees (itself or the system tenant); null: none. */
  owner(tenant: string, name: string): string | null {
    const own = this.#first(tenant, name);
    const global = tenant === SYSTEM_TENANT ? undefined : this.#first(SYSTEM_TENANT, name);
    if (own === undefined) return global === undefined ? null : SYSTEM_TENANT;
    return global !== undefined && global.position < own.position ? SYSTEM_TENANT : tenant;
  }

  /** Whether `tenant` may not register `name` because a global registration owns it. */
  reserved(tenant: string, name: string): boolean {
    return tenant !== SYSTEM_TENANT && this.owner(tenant, name) === SYSTEM_TENANT;
  }

  /** The versions of `name` that `tenant` sees, in registration order. */
  versions(tenant: string, name: string): readonly T[] {
    const owner = this.owner(tenant, name);
    return owner === null ? [] : (this.#scopes.get(owner)?.get(name) ?? []);
  }

  /** Everything `tenant` sees, by name then registration order. */
  visible(tenant: string): T[] {
    const names = new Set([...this.#names(SYSTEM_TENANT), ...this.#names(tenant)]);
    return [...names].sort().flatMap((name) => this.versions(tenant, name));
  }

  /** Every registration of every tenant (for the runtime's own work, e.g. warming models; never for callers). */
  all(): T[] {
    return [...this.#scopes.values()].flatMap((names) => [...names.values()].flat());
  }

  #first(tenant: string, name: string): T | undefined {
    return this.#scopes.get(tenant)?.get(name)?.[0];
  }

  #names(tenant: string): Iterable<string> {
    return this.#scopes.get(tenant)?.keys() ?? [];
  }
}
