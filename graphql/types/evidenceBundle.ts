import { builder } from '../builder.js';

/** An evidence bundle as the API hands it out: the file itself, and what identifies it. */
export interface EvidenceBundleView {
  readonly runId: string;
  readonly content: string;
  readonly sha256: string;
  readonly treeSize: number;
}

export const EvidenceBundleType = builder.objectRef<EvidenceBundleView>('EvidenceBundle').implement({
  description:
    'An evidence bundle (format mir.evidence-bundle/v1, docs/evidence-bundle.md): every event of a run with ' +
    'its inclusion proof against one signed checkpoint, the key history and what the run used. Save `content` ' +
    'byte for byte as a file and check it offline with `mir verify-bundle` or the /verify page.',
  fields: (t) => ({
    runId: t.exposeID('runId'),
    format: t.string({ resolve: () => 'mir.evidence-bundle/v1' }),
    treeSize: t.field({
      type: 'Position',
      description: 'The tree size of the checkpoint the bundle is proven against.',
      resolve: (bundle) => bundle.treeSize,
    }),
    sha256: t.exposeString('sha256', { description: 'SHA-256 of `content` (UTF-8), lowercase hex.' }),
    bytes: t.int({
      description: 'Length of `content` in UTF-8 bytes.',
      resolve: (b) => Buffer.byteLength(b.content),
    }),
    content: t.exposeString('content', {
      description:
        'The bundle file: canonical JSON and one final newline. Any change to it fails verification.',
    }),
  }),
});
