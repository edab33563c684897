import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createNodeEd25519Signer,
  createTweetnaclEd25519Signer,
  verifyEd25519Tweetnacl,
} from '../../keys/index.js';
import { isCheckpointError } from './index.js';
import type { Checkpoint } from './index.js';
import { formatCheckpointBody, openCheckpoint, parseCheckpointBody, signCheckpoint } from './index.js';
import { MAX_NOTE_BYTES, signNote } from './index.js';
import { computeKeyId, createVerifierKey, formatVerifierKey, parseVerifierKey } from './index.js';
import { errorCodeOf } from '../../testing/errorCodeOf.js';

/** RFC 8032 TEST 1 seed; its public key is d75a9801…511a. */
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const ORIGIN = 'mir.example/ledger';
const CHECKPOINT: Checkpoint = {
  origin: ORIGIN,
  treeSize: 1234,
  rootHash: Buffer.from(Array.from({ length: 32 }, (_, index) => index)),
  timestamp: 1_700_000_000_000,
};
const BODY =
  'mir.example/ledger\n' +
  '1234\n' +
  'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n' +
  'timestamp 1700000000000\n';
/** Pinned: computed once with this code, then checked field by field below and against tweetnacl. */
const SIGNED =
  `${BODY}\n` +
  '— mir.example/ledger 30g+h+uhS1qZ4rzgfCHV0RT2I7QZ7KDzwrzEJLGn1C9mh2qH011NBwYjHsaegkggr78c17ERQU0usxzgZjE8PV2XEQI=\n';
const VERIFIER_KEY = 'mir.example/ledger+df483e87+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea';

const signer = createNodeEd25519Signer(SEED);
const verifier = parseVerifierKey(VERIFIER_KEY);

/** Signs an arbitrary body with the trusted key, as a compromised or buggy checkpointer might. */
const signedBody = (body: string): string => signNote(body, ORIGIN, signer);

describe('checkpoint test vector', () => {
  it('given the fixed seed and checkpoint, when formatting and signing, then the pinned note comes out', () => {
    expect(formatCheckpointBody(CHECKPOINT)).toBe(BODY);
    expect(signCheckpoint(CHECKPOINT, ORIGIN, signer)).toBe(SIGNED);
    expect(signCheckpoint(CHECKPOINT, ORIGIN, createTweetnaclEd25519Signer(SEED))).toBe(SIGNED);
    expect(formatVerifierKey(ORIGIN, signer.publicKey)).toBe(VERIFIER_KEY);
  });

  it('given the pinned note, when read by hand, then each part has the layout the specs require', () => {
    const lines = SIGNED.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      ORIGIN,
      '1234',
      CHECKPOINT.rootHash.toString('base64'),
      'timestamp 1700000000000',
    ]);
    expect(lines[4]).toBe('');
    expect(lines[6]).toBe('');
    expect(lines).toHaveLength(7);
    const [dash, name, encoded] = (lines[5] ?? '').split(' ');
    expect([dash?.codePointAt(0), name]).toEqual([0x2014, ORIGIN]);
    const signature = Buffer.from(encoded ?? '', 'base64');
    expect(signature.toString('base64')).toBe(encoded);
    expect(signature.length).toBe(4 + 64);
    expect(signature.readUInt32BE(0)).toBe(0xdf483e87);
    expect(signature.readUInt32BE(0)).toBe(computeKeyId(ORIGIN, signer.publicKey));
    expect(verifyEd25519Tweetnacl(signer.publicKey, Buffer.from(BODY), signature.subarray(4))).toBe(true);
    // The base64 key material may itself contain '+': everything after the second separator is the key.
    const keyMaterial = Buffer.from(VERIFIER_KEY.split('+').slice(2).join('+'), 'base64');
    expect(keyMaterial.toString('hex')).toBe(
      '01d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
  });

  it('given the pinned note and pinned key, when opening, then the checkpoint comes back', () => {
    expect(openCheckpoint(SIGNED, [verifier])).toEqual(CHECKPOINT);
    expect(openCheckpoint(Buffer.from(SIGNED), [verifier])).toEqual(CHECKPOINT);
  });
});

describe('checkpoint round trips', () => {
  const sizes = [0, 1, 2, 7, 1234, 2 ** 32, Number.MAX_SAFE_INTEGER];

  it('given edge and random checkpoints, when signed then opened, then every field survives', () => {
    const checkpoints: Checkpoint[] = sizes.map((treeSize, index) => ({
      origin: `log${index}.example/ledger`,
      treeSize,
      rootHash: randomBytes(32),
      timestamp: index === 0 ? 0 : index === 1 ? Number.MAX_SAFE_INTEGER : randomInt(0, 2 ** 47),
    }));
    for (const checkpoint of checkpoints) {
      const key = createNodeEd25519Signer(randomBytes(32));
      const note = signCheckpoint(checkpoint, checkpoint.origin, key);
      expect(openCheckpoint(note, [createVerifierKey(checkpoint.origin, key.publicKey)])).toEqual(checkpoint);
      expect(parseCheckpointBody(formatCheckpointBody(checkpoint))).toEqual(checkpoint);
    }
  });

  it('given the empty tree, when formatting, then the size line is "0"', () => {
    expect(formatCheckpointBody({ ...CHECKPOINT, treeSize: 0 }).split('\n')[1]).toBe('0');
  });
});

describe('tampered and hostile checkpoint notes', () => {
  const tamperings: ReadonlyArray<readonly [string, string]> = [
    ['the tree size', SIGNED.replace('\n1234\n', '\n1235\n')],
    ['the root hash', SIGNED.replace('AAECAwQF', 'AAECAwQG')],
    ['the origin', SIGNED.replace('mir.example/ledger\n', 'mir.example/ledgers\n')],
    ['the timestamp', SIGNED.replace('timestamp 1700000000000', 'timestamp 1700000000001')],
    ['a trailing space on a body line', SIGNED.replace('1234\n', '1234 \n')],
    ['an added extension line', SIGNED.replace('timestamp 1700000000000\n', 'timestamp 1700000000000\nx\n')],
    ['an extra blank line before the signature', SIGNED.replace(`${BODY}\n`, `${BODY}\n\n`)],
    ['a truncated signature (whole base64 groups)', SIGNED.replace('PV2XEQI=\n', '\n')],
  ];
  for (const [description, hostile] of tamperings) {
    it(`given ${description} changed under the signature, when opening, then NOTE_BAD_SIGNATURE`, () => {
      expect(hostile).not.toBe(SIGNED);
      expect(errorCodeOf(() => openCheckpoint(hostile, [verifier]))).toBe('NOTE_BAD_SIGNATURE');
    });
  }

  const malformedNotes: ReadonlyArray<readonly [string, string]> = [
    ['CRLF line endings', SIGNED.replaceAll('\n', '\r\n')],
    ['the blank line removed', SIGNED.replace(`${BODY}\n`, BODY)],
    ['a truncated signature', SIGNED.replace('PV2XEQI=\n', 'PV2XEQ\n')],
    ['the final newline removed', SIGNED.slice(0, -1)],
    ['a space doubled in the signature line', SIGNED.replace(`${ORIGIN} 30g`, `${ORIGIN}  30g`)],
    ['a trailing space after the signature', SIGNED.replace('EQI=\n', 'EQI= \n')],
  ];
  for (const [description, hostile] of malformedNotes) {
    it(`given ${description}, when opening, then NOTE_MALFORMED`, () => {
      expect(errorCodeOf(() => openCheckpoint(hostile, [verifier]))).toBe('NOTE_MALFORMED');
    });
  }

  it('given an oversized note, when opening, then NOTE_TOO_LARGE', () => {
    const huge = `${'x'.repeat(MAX_NOTE_BYTES)}\n${SIGNED}`;
    expect(errorCodeOf(() => openCheckpoint(huge, [verifier]))).toBe('NOTE_TOO_LARGE');
  });

  it('given a checkpoint signed by another key, when opening with the pinned key, then NOTE_UNVERIFIED', () => {
    const other = createNodeEd25519Signer(randomBytes(32));
    expect(errorCodeOf(() => openCheckpoint(signCheckpoint(CHECKPOINT, ORIGIN, other), [verifier]))).toBe(
      'NOTE_UNVERIFIED',
    );
  });

  it('given the signature line swapped for another key, when opening with the pinned key, then NOTE_UNVERIFIED', () => {
    const other = createNodeEd25519Signer(randomBytes(32));
    const swapped = `${BODY}\n${signCheckpoint(CHECKPOINT, 'mir.example/other', other).slice(BODY.length + 1)}`;
    expect(errorCodeOf(() => openCheckpoint(swapped, [verifier]))).toBe('NOTE_UNVERIFIED');
    expect(openCheckpoint(swapped, [createVerifierKey('mir.example/other', other.publicKey)])).toEqual(
      CHECKPOINT,
    );
  });

  it('given the pinned name bound to a different public key, when opening, then NOTE_UNVERIFIED', () => {
    const wrongKey = createVerifierKey(ORIGIN, createNodeEd25519Signer(randomBytes(32)).publicKey);
    expect(errorCodeOf(() => openCheckpoint(SIGNED, [wrongKey]))).toBe('NOTE_UNVERIFIED');
  });

  it('given a malformed body signed by an unknown key, when opening, then the signature is checked first', () => {
    const stranger = createNodeEd25519Signer(randomBytes(32));
    expect(
      errorCodeOf(() => openCheckpoint(signNote('not a checkpoint\n', ORIGIN, stranger), [verifier])),
    ).toBe('NOTE_UNVERIFIED');
  });
});

describe('validly signed bodies that are not checkpoints', () => {
  const root = CHECKPOINT.rootHash.toString('base64');
  const body = (origin: string, size: string, rootLine: string, timestamp: string): string =>
    `${origin}\n${size}\n${rootLine}\n${timestamp}\n`;
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['a leading zero in the size', body(ORIGIN, '01234', root, 'timestamp 1')],
    ['a plus sign in the size', body(ORIGIN, '+1234', root, 'timestamp 1')],
    ['a negative size', body(ORIGIN, '-1', root, 'timestamp 1')],
    ['an exponent size', body(ORIGIN, '1e3', root, 'timestamp 1')],
    ['a leading space in the size', body(ORIGIN, ' 1234', root, 'timestamp 1')],
    ['a size beyond 2^53 - 1', body(ORIGIN, '9007199254740992', root, 'timestamp 1')],
    ['a 17-digit size', body(ORIGIN, '10000000000000000', root, 'timestamp 1')],
    ['an empty size', body(ORIGIN, '', root, 'timestamp 1')],
    ['a 31-byte root', body(ORIGIN, '1', randomBytes(31).toString('base64'), 'timestamp 1')],
    ['a 33-byte root', body(ORIGIN, '1', randomBytes(33).toString('base64'), 'timestamp 1')],
    ['an unpadded root', body(ORIGIN, '1', root.slice(0, -1), 'timestamp 1')],
    [
      'a URL-safe root',
      body(ORIGIN, '1', Buffer.from(new Uint8Array(32).fill(0xfb)).toString('base64url'), 'timestamp 1'),
    ],
    // '…Hh8=' spelled '…Hh9=': a padding bit set, so lenient decoders return the same 32 bytes.
    ['a non-canonical root', body(ORIGIN, '1', `${root.slice(0, 42)}9=`, 'timestamp 1')],
    ['a hex root', body(ORIGIN, '1', CHECKPOINT.rootHash.toString('hex'), 'timestamp 1')],
    ['no timestamp line', `${ORIGIN}\n1\n${root}\n`],
    ['two timestamp lines', `${body(ORIGIN, '1', root, 'timestamp 1')}timestamp 2\n`],
    ['an extra extension line', `${body(ORIGIN, '1', root, 'timestamp 1')}other extension\n`],
    ['a capitalized timestamp keyword', body(ORIGIN, '1', root, 'Timestamp 1')],
    ['two spaces in the timestamp line', body(ORIGIN, '1', root, 'timestamp  1')],
    ['a leading zero in the timestamp', body(ORIGIN, '1', root, 'timestamp 01')],
    ['a fractional timestamp', body(ORIGIN, '1', root, 'timestamp 1.5')],
    ['a timestamp beyond 2^53 - 1', body(ORIGIN, '1', root, 'timestamp 9007199254740992')],
    ['an origin with a space', body('mir example', '1', root, 'timestamp 1')],
    ['an origin with a plus', body('mir+example', '1', root, 'timestamp 1')],
    ['an empty origin', body('', '1', root, 'timestamp 1')],
    ['only three lines', `${ORIGIN}\n1\n${root}\n`],
  ];
  for (const [description, text] of cases) {
    it(`given ${description}, when opening, then CHECKPOINT_MALFORMED`, () => {
      expect(errorCodeOf(() => parseCheckpointBody(text))).toBe('CHECKPOINT_MALFORMED');
      expect(errorCodeOf(() => openCheckpoint(signedBody(text), [verifier]))).toBe('CHECKPOINT_MALFORMED');
    });
  }

  it('given a bad size line, when parsing, then the error carries line number, reason and offending value', () => {
    let caught: unknown;
    try {
      parseCheckpointBody(body(ORIGIN, '01234', root, 'timestamp 1'));
    } catch (error) {
      caught = error;
    }
    expect(isCheckpointError(caught) && caught.details).toMatchObject({ line: 2, value: '01234' });
  });

  it('given text without a final newline, when parsing, then CHECKPOINT_MALFORMED', () => {
    expect(errorCodeOf(() => parseCheckpointBody(BODY.slice(0, -1)))).toBe('CHECKPOINT_MALFORMED');
  });
});

describe('formatCheckpointBody input checks', () => {
  const cases: ReadonlyArray<readonly [string, Checkpoint]> = [
    ['a negative size', { ...CHECKPOINT, treeSize: -1 }],
    ['a fractional size', { ...CHECKPOINT, treeSize: 1.5 }],
    ['a NaN size', { ...CHECKPOINT, treeSize: Number.NaN }],
    ['a size of 2^53', { ...CHECKPOINT, treeSize: 2 ** 53 }],
    ['a 31-byte root', { ...CHECKPOINT, rootHash: randomBytes(31) }],
    ['a negative timestamp', { ...CHECKPOINT, timestamp: -1 }],
    ['an infinite timestamp', { ...CHECKPOINT, timestamp: Number.POSITIVE_INFINITY }],
    ['an empty origin', { ...CHECKPOINT, origin: '' }],
    ['an origin with a newline', { ...CHECKPOINT, origin: 'a\nb' }],
    ['an origin with a space', { ...CHECKPOINT, origin: 'a b' }],
  ];
  for (const [description, checkpoint] of cases) {
    it(`given ${description}, when formatting or signing, then CHECKPOINT_INVALID`, () => {
      expect(errorCodeOf(() => formatCheckpointBody(checkpoint))).toBe('CHECKPOINT_INVALID');
      expect(errorCodeOf(() => signCheckpoint(checkpoint, ORIGIN, signer))).toBe('CHECKPOINT_INVALID');
    });
  }
});
