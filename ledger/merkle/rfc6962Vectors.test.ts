import { describe, expect, it } from 'vitest';
import { CompactRange } from './compactRange.js';
import { planConsistency, planInclusion } from '../portable/merkle/proofPlan.js';
import { assembleProof } from './proofAssembly.js';
import { verifyConsistency, verifyInclusion } from './proofVerify.js';
import {
  acceptedProbes,
  consistencyProbes,
  inclusionProbes,
  type ConsistencyClaim,
  type InclusionClaim,
} from './testing/corruptionProbes.js';
import { NaiveTree } from './testing/naiveTree.js';
import { hashLeaf } from './treeHashing.js';

// The 8-leaf test data used by certificate-transparency (Go/C++) and transparency-dev/merkle. These vectors
// hash raw leaf bytes of varying length, not MIR's 32-byte event hashes.
const leafData = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));

// Published roots of the first n leaves, n = 1..8.
const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

// Published inclusion proofs: leaf index (0-based), tree size, audit path.
const inclusionVectors: Array<[number, number, string[]]> = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

// Published consistency proofs: size1, size2, proof.
const consistencyVectors: Array<[number, number, string[]]> = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const naive = new NaiveTree(leafData);
const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));
const fromHex = (hashes: readonly string[]): Buffer[] => hashes.map((h) => Buffer.from(h, 'hex'));
const rootOf = (size: number): Buffer => Buffer.from(roots[size - 1] as string, 'hex');
// The fetch step, served by the reference tree: a perfect node's hash is MTH of the leaves it covers.
const fetchFromNaive = (ids: ReadonlyArray<{ level: number; index: number }>): Buffer[] =>
  ids.map(({ level, index }) => naive.mth(index * 2 ** level, (index + 1) * 2 ** level));

describe('RFC 6962 test vectors', () => {
  it('given the 8 test leaves, when appending them to a compact range, then each prefix root is the published one', () => {
    const range = new CompactRange();
    const actual = leafData.map((data) => {
      range.append(hashLeaf(data));
      return range.root().toString('hex');
    });
    expect(actual).toEqual(roots);
  });

  it('given the 8 test leaves, when computing MTH with the naive reference, then each prefix root is the published one', () => {
    expect(roots.map((_root, n) => naive.root(n + 1).toString('hex'))).toEqual(roots);
  });

  it.each(inclusionVectors)(
    'given leaf %i of size %i, when planning and assembling, then the proof is the published one and verifies',
    (index, size, published) => {
      const plan = planInclusion(index, size);
      expect(hex(assembleProof(plan, fetchFromNaive(plan.nodes)))).toEqual(published);
      expect(hex(naive.path(index, size))).toEqual(published);
      const leafHash = hashLeaf(leafData[index] as Buffer);
      const claim: InclusionClaim = { leafHash, index, size, proof: fromHex(published), root: rootOf(size) };
      const verify = (c: InclusionClaim): void =>
        verifyInclusion(c.leafHash, c.index, c.size, c.proof, c.root);
      verify(claim);
      expect(acceptedProbes(inclusionProbes(claim), verify)).toEqual([]);
    },
  );

  it.each(consistencyVectors)(
    'given sizes %i and %i, when planning and assembling, then the proof is the published one and verifies',
    (size1, size2, published) => {
      const plan = planConsistency(size1, size2);
      expect(hex(assembleProof(plan, fetchFromNaive(plan.nodes)))).toEqual(published);
      expect(hex(naive.proof(size1, size2))).toEqual(published);
      const claim: ConsistencyClaim = {
        size1,
        size2,
        proof: fromHex(published),
        root1: rootOf(size1),
        root2: rootOf(size2),
      };
      const verify = (c: ConsistencyClaim): void =>
        verifyConsistency(c.size1, c.size2, c.proof, c.root1, c.root2);
      verify(claim);
      expect(acceptedProbes(consistencyProbes(claim), verify)).toEqual([]);
    },
  );
});
