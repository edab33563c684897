import { hash, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { signKeyRotation } from '../checkpoints/keyRotationNote.js';
import { formatVerifierKey, signCheckpoint, signNote } from '../checkpoints/note/index.js';
import { createNodeEd25519Signer } from '../keys/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { runOnNode } from '../keys/nodeCrypto.js';
import { runAsync } from './hashing.js';
import {
  checkpointSignerFailure,
  keyChainSteps,
  keyForCheckpoint,
  keyForTreeSize,
  trustedKeys,
} from './keyChain.js';
import type { KeyChain, KeyStreamEvent } from './keyChain.js';
import { formatKeyRotationBody, parseKeyRotationBody } from './keyRotationStatement.js';

const ORIGIN = 'mir.ledger/keychain-test';
const signer = (): Ed25519Signer => createNodeEd25519Signer(randomBytes(32));
const vk = (key: Ed25519Signer, origin = ORIGIN) => formatVerifierKey(origin, key.publicKey);
const [k0, k1, k2] = [signer(), signer(), signer()];

function registered(key: Ed25519Signer): KeyStreamEvent {
  return {
    type: 'SigningKeyRegistered',
    revision: 0,
    position: 1,
    data: { keyName: ORIGIN, verifierKey: vk(key) },
  };
}

interface RotationCase {
  readonly revision: number;
  readonly position: number;
  readonly retired: Ed25519Signer;
  readonly introduced: Ed25519Signer;
  readonly retireAfter: number;
  /** Replaces the note signed by both keys. */
  readonly note?: string;
}

function rotated({
  revision,
  position,
  retired,
  introduced,
  retireAfter,
  note,
}: RotationCase): KeyStreamEvent {
  const statement = { origin: ORIGIN, retire: vk(retired), introduce: vk(introduced), retireAfter };
  return {
    type: 'SigningKeyRotated',
    revision,
    position,
    data: {
      note: note ?? signKeyRotation(statement, retired, introduced),
      retiredKey: statement.retire,
      introducedKey: statement.introduce,
      retireAfter,
    },
  };
}

/** k0 up to tree size 10, k1 up to 20, k2 after. */
const TWO_ROTATIONS = [
  registered(k0),
  rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10 }),
  rotated({ revision: 2, position: 25, retired: k1, introduced: k2, retireAfter: 20 }),
];

const chainOf = (events: readonly KeyStreamEvent[], pins?: readonly string[]) =>
  runOnNode(keyChainSteps(events, pins));

function expectInvalidAt(events: readonly KeyStreamEvent[], revision: number, reason: RegExp): KeyChain {
  const { chain, failure } = chainOf(events);
  expect(failure).toMatchObject({ code: 'KEY_ROTATION_INVALID', stream: 'keys', revision });
  expect(failure?.position).toBe(events[revision]?.position);
  expect(failure?.message).toMatch(reason);
  return chain;
}

describe('the rotation statement body', () => {
  it('given a statement, when formatted, then it is the five documented lines, and parses back', () => {
    const statement = { origin: ORIGIN, retire: vk(k0), introduce: vk(k1), retireAfter: 1234 };
    const body = formatKeyRotationBody(statement);
    expect(body).toBe(
      `mir.key-rotation/v1\n${ORIGIN}\nretire ${vk(k0)}\nintroduce ${vk(k1)}\nretire-after 1234\n`,
    );
    expect(parseKeyRotationBody(body)).toEqual(statement);
  });

  it('given bodies that are almost statements, when parsed, then each names what is wrong', () => {
    const good = formatKeyRotationBody({ origin: ORIGIN, retire: 'a', introduce: 'b', retireAfter: 7 });
    expect(parseKeyRotationBody(good.replace('retire-after 7', 'retire-after 07'))).toMatch(/line 5/);
    expect(parseKeyRotationBody(good.replace('v1', 'v2'))).toMatch(/line 1/);
    expect(parseKeyRotationBody(`${good}extra\n`)).toMatch(/five lines/);
    expect(parseKeyRotationBody(good.slice(0, -1))).toMatch(/newline/);
    expect(parseKeyRotationBody(good.replace(ORIGIN, 'has space'))).toMatch(/line 2/);
  });
});

describe('keyChainSteps', () => {
  it('given only the registration, then one current key that signs every tree size, trusted as the ledger says', () => {
    const { chain, failure } = chainOf([registered(k0)]);
    expect(failure).toBeNull();
    expect(chain).toMatchObject({ origin: ORIGIN, trust: 'ledger' });
    expect(chain.keys.map((key) => [key.verifierKey, key.introducedAfter, key.retiredAfter])).toEqual([
      [vk(k0), null, null],
    ]);
  });

  it('given two rotations, then three keys, each with the tree sizes it may sign', () => {
    const { chain, failure } = chainOf(TWO_ROTATIONS);
    expect(failure).toBeNull();
    expect(chain.keys.map((key) => [key.verifierKey, key.introducedAfter, key.retiredAfter])).toEqual([
      [vk(k0), null, 10],
      [vk(k1), 10, 20],
      [vk(k2), 20, null],
    ]);
    expect([0, 10, 11, 20, 21, 10_000].map((size) => keyForTreeSize(chain, size)?.verifierKey)).toEqual([
      vk(k0),
      vk(k0),
      vk(k1),
      vk(k1),
      vk(k2),
      vk(k2),
    ]);
  });

  it('given the chain, when checkpoints are checked, then a retired key after its size is KEY_RETIRED and a key before its introduction KEY_NOT_YET_VALID', () => {
    const { chain } = chainOf(TWO_ROTATIONS);
    const id = (key: Ed25519Signer) =>
      trustedKeys(chain).find((k) => k.publicKey.join() === key.publicKey.join())!.keyId;
    expect(keyForCheckpoint(chain, 10, id(k0)).failure).toBeNull();
    expect(keyForCheckpoint(chain, 11, id(k0)).failure).toMatchObject({
      code: 'KEY_RETIRED',
      expected: { treeSize: 11, signer: vk(k1) },
      actual: { treeSize: 11, signer: vk(k0) },
    });
    expect(keyForCheckpoint(chain, 10, id(k1)).failure).toMatchObject({ code: 'KEY_NOT_YET_VALID' });
    expect(keyForCheckpoint(chain, 21, id(k1)).failure).toMatchObject({ code: 'KEY_RETIRED' });
    expect(keyForCheckpoint(chain, 21, id(k2)).failure).toBeNull();
    expect(keyForCheckpoint(chain, 21, 0x12345678).failure).toMatchObject({ code: 'KEY_NOT_IN_CHAIN' });
  });

  it('given checkpoint notes, then only the chain keys’ lines are judged: a retired signer fails, a witness line is ignored', () => {
    const { chain } = chainOf(TWO_ROTATIONS);
    const checkpoint = (size: number, key: Ed25519Signer) =>
      signCheckpoint(
        { origin: ORIGIN, treeSize: size, rootHash: Buffer.alloc(32, 1), timestamp: 1 },
        ORIGIN,
        key,
      );
    expect(checkpointSignerFailure(chain, checkpoint(15, k1), 15)).toBeNull();
    expect(checkpointSignerFailure(chain, checkpoint(15, k0), 15)).toMatchObject({ code: 'KEY_RETIRED' });
    const witnessed =
      checkpoint(25, k2) + signNote('x\n', 'witness.example', signer()).split('\n').at(-2)! + '\n';
    expect(checkpointSignerFailure(chain, witnessed, 25)).toBeNull();
  });

  it('given a pinned key anywhere in the chain, then the chain is trusted; given only a key outside it, nothing is', () => {
    expect(chainOf(TWO_ROTATIONS, [vk(k0)]).chain.trust).toBe('pinned');
    expect(chainOf(TWO_ROTATIONS, [vk(k2)]).chain.trust).toBe('pinned');
    const foreign = chainOf(TWO_ROTATIONS, [vk(signer())]).chain;
    expect(foreign.trust).toBe('none');
    expect(trustedKeys(foreign)).toEqual([]);
  });

  it('given a rotation signed only by the introduced key, then KEY_ROTATION_INVALID and the retired key stays current', () => {
    const body = formatKeyRotationBody({
      origin: ORIGIN,
      retire: vk(k0),
      introduce: vk(k1),
      retireAfter: 10,
    });
    const events = [
      registered(k0),
      rotated({
        revision: 1,
        position: 12,
        retired: k0,
        introduced: k1,
        retireAfter: 10,
        note: signNote(body, ORIGIN, k1),
      }),
    ];
    const chain = expectInvalidAt(events, 1, /not signed by the retired key/);
    expect(chain.keys.map((key) => [key.verifierKey, key.retiredAfter])).toEqual([[vk(k0), null]]);
  });

  it('given a rotation signed only by the retired key, then KEY_ROTATION_INVALID', () => {
    const body = formatKeyRotationBody({
      origin: ORIGIN,
      retire: vk(k0),
      introduce: vk(k1),
      retireAfter: 10,
    });
    const note = signNote(body, ORIGIN, k0);
    const events = [
      registered(k0),
      rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10, note }),
    ];
    expectInvalidAt(events, 1, /not signed by the introduced key/);
  });

  it('given a retirement size that goes backwards, then KEY_ROTATION_INVALID at the second rotation', () => {
    const events = [
      registered(k0),
      rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10 }),
      rotated({ revision: 2, position: 25, retired: k1, introduced: k2, retireAfter: 9 }),
    ];
    expectInvalidAt(events, 2, /does not move forward/);
  });

  it('given a rotation of a key that is not the current one, then KEY_ROTATION_INVALID', () => {
    const events = [
      registered(k0),
      rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10 }),
      rotated({ revision: 2, position: 25, retired: k0, introduced: k2, retireAfter: 20 }),
    ];
    expectInvalidAt(events, 2, /not the current key/);
  });

  it('given a retirement size past the rotation’s own position, then KEY_ROTATION_INVALID', () => {
    const events = [
      registered(k0),
      rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 13 }),
    ];
    expectInvalidAt(events, 1, /hold the rotation itself/);
  });

  it('given a statement for another origin, then KEY_ROTATION_INVALID', () => {
    const other = 'mir.ledger/other';
    const statement = { origin: other, retire: vk(k0), introduce: vk(k1), retireAfter: 10 };
    const event = rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10 });
    const note = signKeyRotation(statement, k0, k1);
    expectInvalidAt(
      [registered(k0), { ...event, data: { ...(event.data as object), note } }],
      1,
      /another origin/,
    );
  });

  it('given data fields that differ from the signed statement, a re-introduced key, an edited note, then KEY_ROTATION_INVALID', () => {
    const event = rotated({ revision: 1, position: 12, retired: k0, introduced: k1, retireAfter: 10 });
    const data = event.data as { note: string };
    expectInvalidAt(
      [registered(k0), { ...event, data: { ...data, retireAfter: 11 } }],
      1,
      /differ from the signed/,
    );
    const edited = data.note.replace('retire-after 10', 'retire-after 11');
    expectInvalidAt(
      [registered(k0), { ...event, data: { ...data, note: edited, retireAfter: 11 } }],
      1,
      /not signed by the retired key/,
    );
    const back = rotated({ revision: 2, position: 25, retired: k1, introduced: k0, retireAfter: 20 });
    expectInvalidAt([registered(k0), event, back], 2, /already in the chain/);
  });

  it('given a keys stream with a gap, another event type or a registration without a key, then KEY_ROTATION_INVALID', () => {
    const gap = chainOf([registered(k0), TWO_ROTATIONS[2]!]).failure;
    expect(gap).toMatchObject({
      code: 'KEY_ROTATION_INVALID',
      revision: 2,
      position: 25,
      expected: 1,
      actual: 2,
    });
    expectInvalidAt(
      [registered(k0), { ...TWO_ROTATIONS[1]!, type: 'SomethingElse' }],
      1,
      /only SigningKeyRotated/,
    );
    expectInvalidAt([{ ...registered(k0), data: { keyName: ORIGIN } }], 0, /verifierKey/);
  });

  it('given the browser’s way of running steps (asynchronous crypto), then the same chain', async () => {
    const asyncCrypto = {
      sha256: (data: Uint8Array) => Promise.resolve(new Uint8Array(hash('sha256', data, 'buffer'))),
      verifyEd25519: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) =>
        Promise.resolve(nacl.sign.detached.verify(message, signature, publicKey)),
    };
    const reading = await runAsync(keyChainSteps(TWO_ROTATIONS, [vk(k2)]), asyncCrypto);
    expect(reading).toEqual(chainOf(TWO_ROTATIONS, [vk(k2)]));
  });
});
