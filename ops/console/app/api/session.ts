import { computed, signal } from '@preact/signals';

/**
 * Who is signed in. The API key lives in this tab's `sessionStorage` only (never `localStorage`, cookies or the
 * URL): closing the tab forgets it. It is sent as the bearer token of every request and nowhere else.
 */
const STORAGE_KEY = 'mir.console.apiKey';

/** What `viewer` answers: the key's id, label, tenant, role and the capabilities that role holds. */
export interface Viewer {
  readonly keyId: string;
  readonly label: string;
  readonly tenant: string;
  readonly role: 'auditor' | 'app' | 'reviewer' | 'admin';
  readonly capabilities: readonly string[];
}

export const apiKey = signal<string | null>(sessionStorage.getItem(STORAGE_KEY));
export const viewer = signal<Viewer | null>(null);
/** Why the last session ended (a rejected or revoked key), shown on the sign-in form. */
export const signedOutBecause = signal<string | null>(null);

export const capabilities = computed(() => new Set(viewer.value?.capabilities ?? []));

/**
 * Whether the signed-in key's role holds `capability` (the names of `graphql/access/capabilities.ts`). Views offer
 * an action only when it is true: the server refuses the rest anyway, and records the refusal.
 */
export function can(capability: string): boolean {
  return capabilities.value.has(capability);
}

export function authorization(): Record<string, string> {
  const key = apiKey.value;
  return key === null ? {} : { authorization: `Bearer ${key}` };
}

export function signIn(key: string, who: Viewer): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  apiKey.value = key;
  viewer.value = who;
  signedOutBecause.value = null;
}

export function signOut(because: string | null = null): void {
  sessionStorage.removeItem(STORAGE_KEY);
  apiKey.value = null;
  viewer.value = null;
  signedOutBecause.value = because;
}
