import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatVerifierKey, signCheckpoint } from '../../../../../ledger/checkpoints/note/index.js';
import { createNodeEd25519Signer } from '../../../../../ledger/keys/index.js';
import { runOnNode } from '../../../../../ledger/keys/nodeCrypto.js';
import { NaiveTree } from '../../../../../ledger/merkle/testing/index.js';
import { checkInclusionSteps } from './inclusionCheck.js';
import type { InclusionClaim } from './inclusionCheck.js';

const ORIGIN = 'mir.test/console';
const SIZE = 11;
const eventHashes = Array.from({ length: SIZE }, (_, index) =>
  createHash('sha256').update(`event ${index}`).digest(),
);
const tree = new NaiveTree(eventHashes);
const signer = createNodeEd25519Signer(createHash('sha256').update('log key').digest());
const otherSigner = createNodeEd25519Signer(createHash('sha256').update('other key').digest());
const checkpointNote = (size: number, by = signer, root = tree.root(size)) =>
  signCheckpoint(
    { origin: ORIGIN, treeSize: size, rootHash: root, timestamp: 1_764_756_000_000 },
    ORIGIN,
    by,
  );

/** The claim the explain answer makes for the event at `position`, against the checkpoint of SIZE events. */
function claimFor(position: number): InclusionClaim {
  return {
    eventHash: (eventHashes[position] as Buffer).toString('hex'),
    position,
    proof: {
      leafIndex: position,
      treeSize: SIZE,
      hashes: tree.path(position, SIZE).map((hash) => hash.toString('hex')),
      checkpointNote: checkpointNote(SIZE),
    },
    verifierKeys: [formatVerifierKey(ORIGIN, signer.publicKey)],
  };
}

const check = (claim: InclusionClaim) => runOnNode(checkInclusionSteps(claim));
/** Why the claim was not verified; null when it was. */
const refusal = (claim: InclusionClaim) => {
  const verdict = check(claim);
  return verdict.verified ? null : verdict.reason;
};

describe('checkInclusionSteps', () => {
  it('given the proof of every event of a signed tree, then each is verified against that checkpoint', () => {
    for (let position = 0; position < SIZE; position++) {
      expect(check(claimFor(position))).toEqual({ verified: true, treeSize: SIZE });
    }
  });

  it('given another event hash than the proven one, then the path leads elsewhere', () => {
    const claim = { ...claimFor(4), eventHash: (eventHashes[5] as Buffer).toString('hex') };
    expect(refusal(claim)).toContain('root');
  });

  it('given a flipped bit in the audit path, then it is not verified', () => {
    const claim = claimFor(4);
    const hashes = [...claim.proof.hashes];
    hashes[1] = `${(hashes[1] as string).slice(0, -1)}${(hashes[1] as string).endsWith('0') ? '1' : '0'}`;
    expect(check({ ...claim, proof: { ...claim.proof, hashes } })).toMatchObject({ verified: false });
  });

  it('given a truncated path, then it says the proof has the wrong length', () => {
    const claim = claimFor(4);
    const proof = { ...claim.proof, hashes: claim.proof.hashes.slice(1) };
    expect(refusal({ ...claim, proof })).toContain('elements');
  });

  it('given a proof for another leaf than the event position, then it is refused before hashing', () => {
    const claim = claimFor(4);
    expect(check({ ...claim, position: 5 })).toEqual({
      verified: false,
      reason: 'the proof is for leaf 4, but the event is at position 5',
    });
  });

  it('given a checkpoint of another tree size than the proof, then the sizes are named', () => {
    const claim = claimFor(4);
    const proof = { ...claim.proof, checkpointNote: checkpointNote(10) };
    expect(check({ ...claim, proof })).toEqual({
      verified: false,
      reason: 'the proof is for tree size 11, the checkpoint signs 10',
    });
  });

  it('given a checkpoint signed by a key the ledger does not list, then it is not verified', () => {
    const claim = claimFor(4);
    const proof = { ...claim.proof, checkpointNote: checkpointNote(SIZE, otherSigner) };
    expect(check({ ...claim, proof })).toMatchObject({ verified: false });
  });

  it('given a validly signed checkpoint of another root, then the path does not reach it', () => {
    const claim = claimFor(4);
    const proof = { ...claim.proof, checkpointNote: checkpointNote(SIZE, signer, tree.root(SIZE - 1)) };
    expect(refusal({ ...claim, proof })).toContain('root');
  });

  it('given no checkpoint with the proof, then it says so', () => {
    const claim = claimFor(4);
    expect(check({ ...claim, proof: { ...claim.proof, checkpointNote: null } })).toEqual({
      verified: false,
      reason: 'no signed checkpoint of tree size 11 came with the proof',
    });
  });
});
