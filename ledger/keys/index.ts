export type { Ed25519Signer } from './ed25519Signer.js';
export {
  createNodeEd25519Signer,
  createTweetnaclEd25519Signer,
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SEED_LENGTH,
  ED25519_SIGNATURE_LENGTH,
} from './ed25519Signer.js';
export { ed25519PublicKeyProblem } from '../portable/ed25519PublicKeyProblem.js';
export { verifyEd25519, verifyEd25519Tweetnacl } from './verifyEd25519.js';
export type { KeyErrorCode } from './keyErrors.js';
export { isKeyError, KeyError, KEY_ERROR_CODES } from './keyErrors.js';
export type { LoadedSigningKey } from './signingKeyFile.js';
export {
  KEYS_DIR_MODE,
  loadOrCreateSigningKey,
  loadSigningKey,
  readSigningPublicKey,
  SIGNING_KEY_FILE_MODE,
  SIGNING_KEY_FILE_NAME,
  signingKeyPath,
} from './signingKeyFile.js';
export { SIGNING_KEY_FILE_HEADER } from './signingKeyFileFormat.js';
export type { NextKeySettlement } from './nextSigningKey.js';
export {
  createNextSigningKey,
  NEXT_SIGNING_KEY_FILE_NAME,
  nextSigningKeyPath,
  settleNextSigningKey,
} from './nextSigningKey.js';
