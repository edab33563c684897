/**
 * Idempotency keys for the submissions of one dialog. The same arguments get the same key, so a double click, or
 * a retry after the answer was lost, names the one action the server already took (it answers the recorded result
 * and appends nothing twice). Different arguments (another step, another reason, a rollback resumed with its
 * approval id) are another action and get a fresh key.
 */
export interface SubmissionKeys {
  keyFor(args: Readonly<Record<string, unknown>>): string;
}

/** `newKey` makes a fresh key (`newIdempotencyKey` in the browser). */
export function submissionKeys(newKey: () => string): SubmissionKeys {
  const keys = new Map<string, string>();
  return {
    keyFor(args) {
      const text = JSON.stringify(args);
      let key = keys.get(text);
      if (key === undefined) {
        key = newKey();
        keys.set(text, key);
      }
      return key;
    },
  };
}

/**
 * A random UUID v4 for an idempotency key. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost);
 * a console served over plain HTTP elsewhere builds the same from `getRandomValues`, which exists everywhere.
 */
export function newIdempotencyKey(random: Crypto = globalThis.crypto): string {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
