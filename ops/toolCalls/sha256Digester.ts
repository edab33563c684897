import { createHash } from 'node:crypto';
import type { Digester, JsonValue } from '../../domain/index.js';
import { canonicalJson } from '../../ledger/index.js';

/** `sha256:<hex>` of the RFC 8785 canonical JSON: the same value digests the same whatever its member order. */
export const sha256Digester: Digester = {
  digest: (value: JsonValue) =>
    `sha256:${createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex')}`,
};
