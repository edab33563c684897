import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeEd25519Signer, createTweetnaclEd25519Signer } from '../../keys/index.js';
import type { Ed25519Signer } from '../../keys/index.js';
import { isNoteError } from './index.js';
import { MAX_NOTE_BYTES, MAX_NOTE_SIGNATURES, openNote, signNote } from './index.js';
import { computeKeyId, createVerifierKey, parseVerifierKey } from './index.js';
import type { NoteVerifierKey } from './index.js';
import { errorCodeOf } from '../../testing/errorCodeOf.js';

/** golang.org/x/mod/sumdb/note's documented example: key, seed, text and the signed note it publishes. */
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIGNATURE_LINE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const GO_NOTE = `${GO_TEXT}\n${GO_SIGNATURE_LINE}`;

interface TestKey {
  readonly name: string;
  readonly signer: Ed25519Signer;
  readonly verifier: NoteVerifierKey;
}

function testKey(name: string, seed: Uint8Array = randomBytes(32)): TestKey {
  const signer = createNodeEd25519Signer(seed);
  return { name, signer, verifier: createVerifierKey(name, signer.publicKey) };
}

/** The signature line (with its newline) that `key` adds to `text`. */
function signatureLine(text: string, key: TestKey): string {
  return signNote(text, key.name, key.signer).slice(text.length + 1);
}

describe('signNote', () => {
  it('given the Go reference seed and text, when signing with either signer, then the published note is reproduced', () => {
    expect(signNote(GO_TEXT, 'PeterNeumann', createNodeEd25519Signer(GO_SEED))).toBe(GO_NOTE);
    expect(signNote(GO_TEXT, 'PeterNeumann', createTweetnaclEd25519Signer(GO_SEED))).toBe(GO_NOTE);
  });

  it('given a text, when signing, then the layout is text, blank line, em dash line with key ID and signature', () => {
    const key = testKey('log.example/a');
    const text = 'first line\n\nthird line after an empty one\n';
    const note = signNote(text, key.name, key.signer);
    const [, encoded] = /^— log\.example\/a ([A-Za-z0-9+/=]+)\n$/.exec(note.slice(text.length + 1)) ?? [];
    const bytes = Buffer.from(encoded ?? '', 'base64');

    expect(note.startsWith(`${text}\n— `)).toBe(true);
    expect(bytes.length).toBe(68);
    expect(bytes.readUInt32BE(0)).toBe(computeKeyId(key.name, key.signer.publicKey));
    expect(Buffer.from(key.signer.sign(Buffer.from(text))).equals(bytes.subarray(4))).toBe(true);
  });

  it('given texts that cannot be notes, when signing, then NOTE_TEXT_INVALID', () => {
    const key = testKey('k');
    for (const text of ['', 'no final newline', 'crlf\r\n', 'tab\there\n', 'nul\u0000\n', 'lone \ud800\n']) {
      expect(errorCodeOf(() => signNote(text, key.name, key.signer))).toBe('NOTE_TEXT_INVALID');
    }
  });

  it('given an invalid key name, when signing, then NOTE_KEY_NAME_INVALID', () => {
    const key = testKey('k');
    expect(errorCodeOf(() => signNote('x\n', 'has space', key.signer))).toBe('NOTE_KEY_NAME_INVALID');
    expect(errorCodeOf(() => signNote('x\n', 'a+b', key.signer))).toBe('NOTE_KEY_NAME_INVALID');
  });

  it('given a text that would make the note exceed the size cap, when signing, then NOTE_TOO_LARGE', () => {
    const key = testKey('k');
    expect(errorCodeOf(() => signNote(`${'a'.repeat(MAX_NOTE_BYTES)}\n`, key.name, key.signer))).toBe(
      'NOTE_TOO_LARGE',
    );
  });
});

describe('openNote', () => {
  const alice = testKey('log.example/alice');
  const bob = testKey('log.example/bob');
  const text = 'origin line\n42\nsome body\n';
  const note = signNote(text, alice.name, alice.signer);

  it('given the Go reference note and key, when opening, then it verifies and yields the text', () => {
    expect(openNote(GO_NOTE, [parseVerifierKey(GO_VERIFIER_KEY)])).toEqual({
      text: GO_TEXT,
      verifiedBy: ['PeterNeumann'],
    });
  });

  it('given a note as UTF-8 bytes, when opening, then it verifies like the string', () => {
    expect(openNote(Buffer.from(note, 'utf8'), [alice.verifier]).text).toBe(text);
  });

  it('given notes signed by several keys, when opening, then unknown keys are ignored and known ones listed', () => {
    const stranger = testKey('witness.example/w');
    const both = `${note}${signatureLine(text, stranger)}${signatureLine(text, bob)}`;
    expect(openNote(both, [alice.verifier, bob.verifier]).verifiedBy).toEqual([alice.name, bob.name]);
    expect(openNote(both, [bob.verifier]).verifiedBy).toEqual([bob.name]);
    expect(openNote(`${note}${signatureLine(text, alice)}`, [alice.verifier]).verifiedBy).toEqual([
      alice.name,
    ]);
  });

  it('given no signature from a known key, when opening, then NOTE_UNVERIFIED lists signers and known keys', () => {
    let caught: unknown;
    try {
      openNote(note, [bob.verifier]);
    } catch (error) {
      caught = error;
    }
    expect(isNoteError(caught) && caught.code).toBe('NOTE_UNVERIFIED');
    expect(isNoteError(caught) && caught.details).toMatchObject({ signatures: 1 });
    expect(errorCodeOf(() => openNote(note, []))).toBe('NOTE_UNVERIFIED');
  });

  it('given a signature by another key under the same name, when opening, then it is ignored: NOTE_UNVERIFIED', () => {
    const impostor = testKey(alice.name);
    expect(
      errorCodeOf(() => openNote(signNote(text, impostor.name, impostor.signer), [alice.verifier])),
    ).toBe('NOTE_UNVERIFIED');
  });

  it('given the right key ID under another name, when opening, then it is ignored: NOTE_UNVERIFIED', () => {
    const renamed = note.replace(`— ${alice.name} `, `— ${bob.name} `);
    expect(errorCodeOf(() => openNote(renamed, [alice.verifier, bob.verifier]))).toBe('NOTE_UNVERIFIED');
  });

  it("given a known key's signature that fails, when opening, then NOTE_BAD_SIGNATURE even beside a good one", () => {
    const forged = `${text}\n${signatureLine('other text\n', alice)}`;
    expect(errorCodeOf(() => openNote(forged, [alice.verifier]))).toBe('NOTE_BAD_SIGNATURE');
    const mixed = `${note}${signatureLine('other text\n', bob)}`;
    expect(errorCodeOf(() => openNote(mixed, [alice.verifier, bob.verifier]))).toBe('NOTE_BAD_SIGNATURE');
    expect(openNote(mixed, [alice.verifier]).verifiedBy).toEqual([alice.name]);
  });

  it('given every single-byte change to the text, when opening, then the signature fails', () => {
    for (let index = 0; index < text.length - 1; index++) {
      const changed = text.slice(0, index) + (text[index] === 'x' ? 'y' : 'x') + text.slice(index + 1);
      expect(errorCodeOf(() => openNote(`${changed}${note.slice(text.length)}`, [alice.verifier]))).toMatch(
        /^NOTE_(BAD_SIGNATURE|MALFORMED)$/,
      );
    }
  });

  it('given every bit flip in the base64 signature, when opening, then it is rejected with a typed error', () => {
    const start = note.lastIndexOf(' ') + 1;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let index = start; index < note.length - 2; index++) {
      for (let bit = 0; bit < 6; bit++) {
        const replacement = alphabet[alphabet.indexOf(note[index] ?? 'A') ^ (1 << bit)] ?? 'A';
        const mutated = note.slice(0, index) + replacement + note.slice(index + 1);
        expect(errorCodeOf(() => openNote(mutated, [alice.verifier]))).toMatch(
          /^NOTE_(BAD_SIGNATURE|MALFORMED|UNVERIFIED)$/,
        );
      }
    }
  });

  it('given every proper prefix of a signed note, when opening, then each is rejected with a typed error', () => {
    for (let end = 0; end < note.length; end++) {
      expect(errorCodeOf(() => openNote(note.slice(0, end), [alice.verifier]))).toMatch(/^NOTE_/);
    }
  });

  it('given hostile layouts, when opening, then each is NOTE_MALFORMED', () => {
    const line = signatureLine(text, alice);
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['no blank line', `${text}${line}`],
      ['CRLF everywhere', note.replaceAll('\n', '\r\n')],
      ['CR before the final newline', `${note.slice(0, -1)}\r\n`],
      ['no final newline', note.slice(0, -1)],
      ['an empty signature block', `${text}\n`],
      ['a hyphen instead of an em dash', note.replace('— ', '- ')],
      ['no space after the em dash', note.replace('— ', '—')],
      ['two spaces before the signature', note.replace(`${alice.name} `, `${alice.name}  `)],
      ['a trailing space', `${note.slice(0, -1)} \n`],
      ['a name with no signature', `${text}\n— ${alice.name}\n`],
      ['an empty signature', `${text}\n— ${alice.name} \n`],
      ['a signature of only a key ID', `${text}\n— ${alice.name} AAAAAA==\n`],
      ['unpadded base64', note.replace('=\n', '\n')],
      ['URL-safe base64', `${text}\n— ${alice.name} ${'_'.repeat(92)}\n`],
      ['a tab in the text', `a\tb\n${note}`],
      ['a NUL byte', `${note}\u0000`],
      ['an unpaired surrogate', `\ud800${note}`],
    ];
    for (const [description, hostile] of cases) {
      expect([description, errorCodeOf(() => openNote(hostile, [alice.verifier]))]).toEqual([
        description,
        'NOTE_MALFORMED',
      ]);
    }
  });

  it('given a blank line among the signatures, when opening, then the last one separates and the signature fails', () => {
    const hostile = `${note}\n${signatureLine(text, alice)}`;
    expect(errorCodeOf(() => openNote(hostile, [alice.verifier]))).toBe('NOTE_BAD_SIGNATURE');
  });

  it('given a non-canonical base64 signature, when opening, then NOTE_MALFORMED', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = note.length - 3;
    const nudged = alphabet[alphabet.indexOf(note[last] ?? 'A') ^ 1] ?? 'A';
    const hostile = `${note.slice(0, last)}${nudged}${note.slice(last + 1)}`;
    expect(Buffer.from(hostile.slice(note.lastIndexOf(' ') + 1, -1), 'base64').length).toBe(68);
    expect(errorCodeOf(() => openNote(hostile, [alice.verifier]))).toBe('NOTE_MALFORMED');
  });

  it('given bytes that are not UTF-8, when opening, then NOTE_MALFORMED', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(note.slice(0), 'utf8')]);
    expect(errorCodeOf(() => openNote(bytes, [alice.verifier]))).toBe('NOTE_MALFORMED');
  });

  it('given an oversized note as text or bytes, when opening, then NOTE_TOO_LARGE before any parsing', () => {
    const padding = 'a'.repeat(MAX_NOTE_BYTES);
    expect(errorCodeOf(() => openNote(`${padding}\n${note}`, [alice.verifier]))).toBe('NOTE_TOO_LARGE');
    expect(errorCodeOf(() => openNote(Buffer.from(`${padding}${note}`), [alice.verifier]))).toBe(
      'NOTE_TOO_LARGE',
    );
    const multiByte = `${'é'.repeat(MAX_NOTE_BYTES / 2)}\n${note}`;
    expect(multiByte.length).toBeLessThan(MAX_NOTE_BYTES);
    expect(errorCodeOf(() => openNote(multiByte, [alice.verifier]))).toBe('NOTE_TOO_LARGE');
  });

  it('given up to the signature limit, when opening, then it verifies; one more line is NOTE_MALFORMED', () => {
    const stranger = signatureLine(text, testKey('witness.example/w'));
    const atLimit = `${note}${stranger.repeat(MAX_NOTE_SIGNATURES - 1)}`;
    expect(openNote(atLimit, [alice.verifier]).verifiedBy).toEqual([alice.name]);
    expect(errorCodeOf(() => openNote(`${atLimit}${stranger}`, [alice.verifier]))).toBe('NOTE_MALFORMED');
  });

  it('given a verifier key whose key ID was forged, when opening, then VERIFIER_KEY_MALFORMED', () => {
    const forged = { ...alice.verifier, keyId: (alice.verifier.keyId + 1) >>> 0 };
    expect(errorCodeOf(() => openNote(note, [forged]))).toBe('VERIFIER_KEY_MALFORMED');
  });

  it('given a hand-built verifier with the identity as key and a forged signature, when opening, then NOTE_BAD_SIGNATURE', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const weak: NoteVerifierKey = {
      name: 'weak.example',
      keyId: computeKeyId('weak.example', identity),
      publicKey: identity,
    };
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(weak.keyId);
    const forged = Buffer.concat([keyId, identity, new Uint8Array(32)]).toString('base64');
    expect(errorCodeOf(() => openNote(`${text}\n— weak.example ${forged}\n`, [weak]))).toBe(
      'NOTE_BAD_SIGNATURE',
    );
  });

  it('given two verifier keys colliding on name and key ID, when opening, then VERIFIER_KEY_CONFLICT', () => {
    const [first, second] = collidingPublicKeys('collide');
    const keys = [createVerifierKey('collide', first), createVerifierKey('collide', second)];
    expect(keys[0]?.keyId).toBe(keys[1]?.keyId);
    expect(errorCodeOf(() => openNote(note, keys))).toBe('VERIFIER_KEY_CONFLICT');
    expect(openNote(note, [alice.verifier, alice.verifier]).verifiedBy).toEqual([alice.name]);
  });
});

/**
 * Two 32-byte strings whose key IDs under `name` collide. Key IDs are 32 bits, so a birthday search over
 * deterministic candidates (SHA-256 of a counter) finds one after roughly 2^16 tries.
 */
function collidingPublicKeys(name: string): [Uint8Array, Uint8Array] {
  const seen = new Map<number, Uint8Array>();
  for (let counter = 0; ; counter++) {
    const candidate = createHash('sha256').update(`candidate ${counter}`).digest();
    const keyId = computeKeyId(name, candidate);
    const previous = seen.get(keyId);
    if (previous !== undefined) {
      return [previous, candidate];
    }
    seen.set(keyId, candidate);
  }
}
