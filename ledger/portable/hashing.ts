/**
 * Verification algorithms shared by Node (`mir verify-bundle`, the ledger) and the browser verifier page. They are
 * written once, as generators that yield what they need from the platform (a SHA-256 digest, an Ed25519 check) and
 * receive the answer: Node answers synchronously with `node:crypto` (so the append path keeps its synchronous
 * checks), the page answers asynchronously with WebCrypto and tweetnacl. Nothing in `ledger/portable/` imports
 * from Node or uses `Buffer` (the lint config enforces it): that is what lets one implementation serve both.
 */

/** One request an algorithm makes of its platform. */
export type CryptoRequest =
  | { readonly kind: 'sha256'; readonly data: Uint8Array }
  | { readonly kind: 'sha256Many'; readonly data: readonly Uint8Array[] }
  | {
      readonly kind: 'ed25519';
      readonly publicKey: Uint8Array;
      readonly message: Uint8Array;
      readonly signature: Uint8Array;
    };

/** A computation that yields crypto requests and returns `T`; run it with runSync or runAsync. */
export type Steps<T> = Generator<CryptoRequest, T, unknown>;

/** What a platform provides, synchronously (Node). */
export interface SyncCrypto {
  sha256(data: Uint8Array): Uint8Array;
  /** RFC 8032 verification that refuses small-order and non-canonical public keys; never throws. */
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** What a platform provides, possibly asynchronously (the browser: WebCrypto digests). */
export interface AsyncCrypto {
  sha256(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  verifyEd25519(
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean | Promise<boolean>;
}

/** SHA-256 of `data`. */
export function* sha256(data: Uint8Array): Steps<Uint8Array> {
  return (yield { kind: 'sha256', data }) as Uint8Array;
}

/** SHA-256 of each of `data`, in order: one request, so an asynchronous platform may digest them concurrently. */
export function* sha256Many(data: readonly Uint8Array[]): Steps<Uint8Array[]> {
  return (yield { kind: 'sha256Many', data }) as Uint8Array[];
}

/** Whether `signature` is a valid Ed25519 signature of `message` by `publicKey`. */
export function* verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Steps<boolean> {
  return (yield { kind: 'ed25519', publicKey, message, signature }) as boolean;
}

/** Runs `steps` to completion, answering each request synchronously. Errors thrown by the steps propagate. */
export function runSync<T>(steps: Steps<T>, crypto: SyncCrypto): T {
  let next = steps.next();
  while (next.done !== true) next = steps.next(answerSync(next.value, crypto));
  return next.value;
}

/** Runs `steps` to completion, awaiting each answer (digests of a `sha256Many` request run concurrently). */
export async function runAsync<T>(steps: Steps<T>, crypto: AsyncCrypto): Promise<T> {
  let next = steps.next();
  while (next.done !== true) next = steps.next(await answerAsync(next.value, crypto));
  return next.value;
}

function answerSync(request: CryptoRequest, crypto: SyncCrypto): unknown {
  switch (request.kind) {
    case 'sha256':
      return crypto.sha256(request.data);
    case 'sha256Many':
      return request.data.map((data) => crypto.sha256(data));
    case 'ed25519':
      return crypto.verifyEd25519(request.publicKey, request.message, request.signature);
  }
}

async function answerAsync(request: CryptoRequest, crypto: AsyncCrypto): Promise<unknown> {
  switch (request.kind) {
    case 'sha256':
      return crypto.sha256(request.data);
    case 'sha256Many':
      return Promise.all(request.data.map(async (data) => crypto.sha256(data)));
    case 'ed25519':
      return crypto.verifyEd25519(request.publicKey, request.message, request.signature);
  }
}
