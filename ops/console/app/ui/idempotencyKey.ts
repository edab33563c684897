/**
 * A fresh idempotency key for one submission of a form: a retry of that submission may send it again (the server
 * answers the recorded result), a new submission gets a new one. Printable ASCII, as the API requires; built from
 * `crypto.getRandomValues`, which (unlike `randomUUID`) also works on a plain-HTTP origin.
 */
export function newIdempotencyKey(action: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `console-${action}-${hex}`;
}
