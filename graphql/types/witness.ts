import type { RecordedCosignature } from '../../ledger/index.js';
import { builder } from '../builder.js';
import type { ConfiguredWitness } from '../graphqlDeps.js';

/** A configured witness with the largest tree size it is recorded to have cosigned (null: none yet). */
export interface WitnessView extends ConfiguredWitness {
  readonly lastCosignedTreeSize: number | null;
}

/** The name and key id a C2SP verifier key states (its first two `+`-separated fields). */
function keyParts(verifierKey: string): { name: string; keyId: string } {
  const [name = '', keyId = ''] = verifierKey.split('+');
  return { name, keyId };
}

/** A URL without user info, which may hold credentials: the API answers no secret. */
export function publicUrl(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href.replace(/\/+$/, '');
}

export const CosignatureType = builder.objectRef<RecordedCosignature>('Cosignature').implement({
  description:
    "A witness's C2SP `cosignature/v1` on a checkpoint, as recorded on the `witnesses` stream (verified with the " +
    'configured witness key when it was recorded; an auditor checks it again with the keys it trusts).',
  fields: (t) => ({
    witness: t.string({
      description: "The witness's name, from its verifier key.",
      resolve: (cosignature) => keyParts(cosignature.witnessKey).name,
    }),
    keyId: t.string({
      description: "The witness key's id: 8 hex digits, as in its verifier key.",
      resolve: (cosignature) => keyParts(cosignature.witnessKey).keyId,
    }),
    timestamp: t.string({
      description: 'ISO 8601 (UTC) of when the witness cosigned (the cosignature states seconds).',
      resolve: (cosignature) => new Date(cosignature.timestamp * 1000).toISOString(),
    }),
  }),
});

export const WitnessType = builder.objectRef<WitnessView>('Witness').implement({
  description: 'A witness this server submits its checkpoints to (`MIR_WITNESSES`).',
  fields: (t) => ({
    name: t.string({ resolve: (witness) => keyParts(witness.verifierKey).name }),
    verifierKey: t.exposeString('verifierKey', { description: 'C2SP verifier key, as configured.' }),
    url: t.string({
      nullable: true,
      description: 'Where checkpoints are submitted, without any user info.',
      resolve: (witness) => publicUrl(witness.url),
    }),
    lastCosignedTreeSize: t.field({
      type: 'Position',
      nullable: true,
      description: 'The largest tree size whose checkpoint it is recorded to have cosigned; null: none yet.',
      resolve: (witness) => witness.lastCosignedTreeSize,
    }),
  }),
});
