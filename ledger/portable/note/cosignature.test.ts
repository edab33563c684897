import { createHash, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { createNodeEd25519Signer } from '../../keys/index.js';
import { runOnNode } from '../../keys/nodeCrypto.js';
import { errorCodeOf } from '../../testing/errorCodeOf.js';
import {
  cosignatureMessage,
  cosignSteps,
  createWitnessKeySteps,
  formatCosignatureLine,
  parseWitnessKeySteps,
  verifyCosignaturesSteps,
  verifyCosignatureSteps,
} from './cosignature.js';
import type { WitnessKey } from './cosignature.js';
import { runAsync } from '../hashing.js';
import type { AsyncCrypto } from '../hashing.js';
import { splitSignedNote } from './signedNote.js';

/** The checkpoint, log signature line and witness line of c2sp.org/tlog-cosignature's example. */
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_LOG_LINE =
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=';
const SPEC_WITNESS_LINE =
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';
const SPEC_NOTE = `${SPEC_BODY}\n${SPEC_LOG_LINE}\n${SPEC_WITNESS_LINE}\n`;
/** The signed message of the spec's example, exactly as the spec prints it. */
const SPEC_MESSAGE = `cosignature/v1\ntime 1679315147\n${SPEC_BODY}`;
const SPEC_TIME = 1679315147;

/** RFC 8032 TEST 1 seed; the witness below is this key under the spec's example name. */
const SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
const NAME = 'witness.example.com/w1';
const signer = createNodeEd25519Signer(SEED);
const { key: WITNESS, verifierKey: WITNESS_VKEY } = runOnNode(createWitnessKeySteps(NAME, signer.publicKey));
/** Pinned: computed once with this code, then checked below byte by byte, with tweetnacl and node:crypto. */
const PINNED_VKEY = 'witness.example.com/w1+7e6f4aaa+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea';
const PINNED_LINE =
  '\u2014 witness.example.com/w1 fm9KqgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==';

const cosign = (text: string, timestamp: number, as = signer, name = NAME) =>
  runOnNode(cosignSteps(text, name, as, timestamp));
const verify = (noteOrText: string, line: string, key: WitnessKey = WITNESS) =>
  runOnNode(verifyCosignatureSteps(noteOrText, line, key));

describe('the spec example (c2sp.org/tlog-cosignature)', () => {
  it('given the example witness line, when split, then it is key ID ‖ 8-byte big-endian time ‖ 64-byte signature', () => {
    const [logLine, witnessLine] = splitSignedNote(SPEC_NOTE).signatures;
    expect(logLine?.name).toBe('example.com/behind-the-sofa');
    expect(witnessLine?.name).toBe(NAME);
    expect(witnessLine?.keyId).toBe(0x8d66cf3f);
    const bytes = witnessLine!.signature;
    expect(bytes).toHaveLength(8 + 64);
    expect(Buffer.from(bytes).readBigUInt64BE(0)).toBe(BigInt(SPEC_TIME));
  });

  it('given the example time and checkpoint, when building the signed message, then it is the one the spec prints', () => {
    expect(Buffer.from(cosignatureMessage(SPEC_BODY, SPEC_TIME)).toString('utf8')).toBe(SPEC_MESSAGE);
  });

  it('given a key of the same name that is not the example key, when verifying, then the line is ignored', () => {
    expect(verify(SPEC_NOTE, SPEC_WITNESS_LINE)).toEqual({ status: 'other-key' });
    expect(runOnNode(verifyCosignaturesSteps(SPEC_NOTE, [WITNESS]))).toEqual({
      text: SPEC_BODY,
      verified: [],
      invalid: [],
    });
  });
});

describe('known answer (RFC 8032 seed, the spec example checkpoint and time)', () => {
  it('given the pinned witness, when formatting its verifier key, then the key ID is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]', () => {
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${NAME}\n`), Buffer.of(0x04), signer.publicKey]))
      .digest();
    expect(WITNESS.keyId).toBe(digest.readUInt32BE(0));
    expect(WITNESS_VKEY).toBe(
      `${NAME}+${digest.subarray(0, 4).toString('hex')}+${Buffer.concat([Buffer.of(4), signer.publicKey]).toString('base64')}`,
    );
    expect(WITNESS_VKEY).toBe(PINNED_VKEY);
    expect(runOnNode(parseWitnessKeySteps(WITNESS_VKEY))).toEqual(WITNESS);
  });

  it('given the spec checkpoint and time, when cosigning, then the pinned line comes out and its parts check by hand', () => {
    const line = cosign(SPEC_BODY, SPEC_TIME);
    expect(line).toBe(PINNED_LINE);
    const [dash, name, encoded] = line.split(' ');
    expect([dash, name]).toEqual(['\u2014', NAME]);
    const bytes = Buffer.from(encoded!, 'base64');
    expect(bytes.toString('base64')).toBe(encoded);
    expect(bytes.readUInt32BE(0)).toBe(WITNESS.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(BigInt(SPEC_TIME));
    const signature = bytes.subarray(12);
    // Ed25519 is deterministic: tweetnacl, signing the spec's printed message itself, gives the same bytes.
    const expected = nacl.sign.detached(
      Buffer.from(SPEC_MESSAGE),
      nacl.sign.keyPair.fromSeed(SEED).secretKey,
    );
    expect(Buffer.from(signature).equals(Buffer.from(expected))).toBe(true);
    expect(verify(SPEC_BODY, line)).toEqual({ status: 'verified', timestamp: SPEC_TIME });
  });
});

describe('cosigned checkpoints', () => {
  const cosigned = (...lines: string[]) =>
    `${SPEC_BODY}\n${SPEC_LOG_LINE}\n${lines.map((line) => `${line}\n`).join('')}`;
  const other = createNodeEd25519Signer(randomBytes(32));
  const OTHER = runOnNode(createWitnessKeySteps('witness.example.com/w2', other.publicKey)).key;

  it('given two witnesses, when checking the note, then each is verified with its time and canonical line', () => {
    const first = cosign(SPEC_BODY, 10);
    const second = cosign(SPEC_BODY, 2 ** 40, other, 'witness.example.com/w2');
    const report = runOnNode(verifyCosignaturesSteps(cosigned(first, second), [OTHER, WITNESS]));
    expect(report.verified.map(({ witness, timestamp, line }) => [witness, timestamp, line])).toEqual([
      ['witness.example.com/w2', 2 ** 40, second],
      [NAME, 10, first],
    ]);
    expect(report.invalid).toEqual([]);
  });

  it('given the browser platform (WebCrypto digests, tweetnacl), when checking the note, then the same report', async () => {
    const browserLike: AsyncCrypto = {
      sha256: async (data) =>
        new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', Uint8Array.from(data))),
      verifyEd25519: (publicKey, message, signature) =>
        nacl.sign.detached.verify(message, signature, publicKey),
    };
    const note = cosigned(cosign(SPEC_BODY, 77));
    const onNode = runOnNode(verifyCosignaturesSteps(note, [WITNESS]));
    expect(await runAsync(verifyCosignaturesSteps(note, [WITNESS]), browserLike)).toEqual(onNode);
    expect(onNode.verified).toHaveLength(1);
  });

  it('given a line from a known witness over other text, when checking, then it is named as invalid', () => {
    const overOther = cosign(SPEC_BODY.replace('20852163', '20852164'), 10);
    const report = runOnNode(verifyCosignaturesSteps(cosigned(overOther), [WITNESS]));
    expect(report.verified).toEqual([]);
    expect(report.invalid).toEqual([
      {
        witness: NAME,
        keyId: WITNESS.keyId.toString(16).padStart(8, '0'),
        lineNumber: 6,
        reason: 'signature does not verify',
      },
    ]);
  });

  it('given a cosignature whose time was changed, when verifying, then it does not verify', () => {
    const line = cosign(SPEC_BODY, 1000);
    const bytes = Buffer.from(line.split(' ')[2]!, 'base64');
    bytes.writeBigUInt64BE(1001n, 4);
    const changed = formatCosignatureLine(NAME, WITNESS.keyId, 1001, bytes.subarray(12));
    expect(verify(SPEC_BODY, changed)).toEqual({ status: 'invalid', reason: 'signature does not verify' });
  });

  it('given a known key ID with a plain 64-byte note signature (type 0x01 layout), when verifying, then it is invalid', () => {
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(WITNESS.keyId);
    const plain = `\u2014 ${NAME} ${Buffer.concat([keyId, randomBytes(64)]).toString('base64')}`;
    expect(verify(SPEC_BODY, plain).status).toBe('invalid');
  });

  it('given a time beyond 2^53 - 1 seconds, when verifying, then it is invalid, not rounded', () => {
    const keyId = Buffer.alloc(12);
    keyId.writeUInt32BE(WITNESS.keyId);
    keyId.writeBigUInt64BE(2n ** 53n, 4);
    const line = `\u2014 ${NAME} ${Buffer.concat([keyId, randomBytes(64)]).toString('base64')}`;
    expect(verify(SPEC_BODY, line)).toEqual({
      status: 'invalid',
      reason: 'timestamp is beyond 2^53 - 1 seconds',
    });
  });

  it('given malformed lines or notes, when verifying, then NOTE_MALFORMED', () => {
    for (const line of [
      `${cosign(SPEC_BODY, 1)} `,
      'no dash',
      `${cosign(SPEC_BODY, 1)}\n`,
      `\u2014 ${NAME} not-base64`,
    ])
      expect(errorCodeOf(() => verify(SPEC_BODY, line))).toBe('NOTE_MALFORMED');
    expect(errorCodeOf(() => runOnNode(verifyCosignaturesSteps(SPEC_BODY, [WITNESS])))).toBe(
      'NOTE_MALFORMED',
    );
  });

  it('given bad inputs to the message and line builders, then NOTE_TEXT_INVALID', () => {
    expect(errorCodeOf(() => cosignatureMessage('no final newline', 1))).toBe('NOTE_TEXT_INVALID');
    expect(errorCodeOf(() => cosignatureMessage(SPEC_BODY, -1))).toBe('NOTE_TEXT_INVALID');
    expect(errorCodeOf(() => cosignatureMessage(SPEC_BODY, 1.5))).toBe('NOTE_TEXT_INVALID');
    expect(errorCodeOf(() => formatCosignatureLine(NAME, 1, 2 ** 53, new Uint8Array(64)))).toBe(
      'NOTE_TEXT_INVALID',
    );
  });

  it('given a note-signing key (type 0x01) as a witness key, when parsing it as one, then VERIFIER_KEY_MALFORMED', () => {
    const noteKey = WITNESS_VKEY.replace(
      /\+[^+]*$/,
      `+${Buffer.concat([Buffer.of(1), signer.publicKey]).toString('base64')}`,
    );
    expect(errorCodeOf(() => runOnNode(parseWitnessKeySteps(noteKey)))).toBe('VERIFIER_KEY_MALFORMED');
  });
});
