import { createHash } from 'node:crypto';
import type { ContentDigester } from '../../domain/index.js';

/** SHA-256 of the UTF-8 bytes, lowercase hex. */
export const sha256ContentDigester: ContentDigester = {
  sha256: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
};
