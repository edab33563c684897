import nacl from 'tweetnacl';
import {
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  ed25519PublicKeyProblem,
} from '../../../ledger/portable/ed25519PublicKeyProblem.js';
import { toHex } from '../../../ledger/portable/bytes.js';
import type { AsyncCrypto } from '../../../ledger/portable/hashing.js';

/** The order of the Ed25519 base point (RFC 8032, section 5.1): a signature's S must be below it. */
const GROUP_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Keys checked so far (hex → refused?): a bundle uses a few keys for many signatures; bounded against hostility. */
const MAX_CHECKED_KEYS = 256;
const checkedKeys = new Map<string, boolean>();

/**
 * The browser's answers to portable verification steps: WebCrypto SHA-256 and tweetnacl Ed25519, giving the same
 * verdicts as Node's `nodeCrypto` (OpenSSL). Like it, it refuses small-order and non-canonically encoded public keys
 * (ed25519PublicKeyProblem) and signatures whose S is not below the group order (RFC 8032 §5.1.7 asks verifiers to;
 * OpenSSL does, tweetnacl alone does not). `verifyEd25519` never throws: wrong lengths yield false.
 *
 * WebCrypto's `subtle` exists only in secure contexts (file://, https://, localhost): the page checks first.
 */
export const browserCrypto: AsyncCrypto = {
  async sha256(data) {
    return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  },
  verifyEd25519(publicKey, message, signature) {
    if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH)
      return false;
    if (!keyAccepted(publicKey) || !canonicalS(signature)) return false;
    try {
      return nacl.sign.detached.verify(message, signature, publicKey);
    } catch {
      return false;
    }
  },
};

function keyAccepted(publicKey: Uint8Array): boolean {
  const hex = toHex(publicKey);
  let accepted = checkedKeys.get(hex);
  if (accepted === undefined) {
    accepted = ed25519PublicKeyProblem(publicKey) === undefined;
    if (checkedKeys.size >= MAX_CHECKED_KEYS) checkedKeys.clear();
    checkedKeys.set(hex, accepted);
  }
  return accepted;
}

/** Whether the signature's S (its last 32 bytes, little-endian) is below the group order. */
function canonicalS(signature: Uint8Array): boolean {
  let s = 0n;
  for (let index = signature.length - 1; index >= 32; index--) s = (s << 8n) | BigInt(signature[index] ?? 0);
  return s < GROUP_ORDER;
}
