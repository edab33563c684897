import { createHash } from 'node:crypto';
import type { PolicyDigester, PolicyRequest } from '../../domain/index.js';
import { canonicalJson } from '../../ledger/index.js';

/** SHA-256 digests: of a policy text's UTF-8 bytes, and of a request's RFC 8785 canonical JSON. */
export const sha256PolicyDigester: PolicyDigester = {
  textSha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  requestDigest: (request: PolicyRequest) =>
    createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex'),
};
