import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../events/json.js';
import { referencedBlobs } from './blobReferences.js';

const a = `sha256:${'a'.repeat(64)}`;
const b = `sha256:${'b'.repeat(64)}`;

describe('referencedBlobs', () => {
  it('given blob references at any depth, when collected, then each digest comes once in the order met', () => {
    const data: JsonValue = {
      promptBlob: { digest: a, size: 10 },
      nested: [{ responseBlob: { digest: b, size: 3 } }, { otherBlob: { digest: a, size: 10 } }],
    };
    expect(referencedBlobs(data)).toEqual([a, b]);
  });

  it('given properties that only look like references, when collected, then none counts', () => {
    const data: JsonValue = {
      prompt: { digest: a, size: 10 }, // not named *Blob
      badBlob: { digest: 'sha256:xyz', size: 1 },
      negativeBlob: { digest: b, size: -1 },
      textBlob: 'sha256:' + 'c'.repeat(64),
    };
    expect(referencedBlobs(data)).toEqual([]);
  });
});
