/** Plain JSON: what an event's `data` and `meta` may hold (no undefined, functions, NaN, BigInt, cycles). */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };
