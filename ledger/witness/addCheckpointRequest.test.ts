import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../testing/errorCodeOf.js';
import { MAX_ADD_CHECKPOINT_BYTES, parseAddCheckpointRequest } from './addCheckpointRequest.js';

const HASH_A = Buffer.alloc(32, 1).toString('base64');
const HASH_B = Buffer.alloc(32, 2).toString('base64');
const NOTE = 'example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— example.com/log AAAA\n';
const body = (text: string) => Buffer.from(text, 'utf8');

describe('parseAddCheckpointRequest', () => {
  it('given the spec layout, when parsed, then old size, proof hashes and the whole note come back', () => {
    const parsed = parseAddCheckpointRequest(body(`old 3\n${HASH_A}\n${HASH_B}\n\n${NOTE}`));
    expect(parsed.oldSize).toBe(3);
    expect(parsed.proof.map((hash) => Buffer.from(hash).toString('base64'))).toEqual([HASH_A, HASH_B]);
    expect(parsed.note).toBe(NOTE);
  });

  it('given old 0 and no proof, when parsed, then the proof is empty', () => {
    expect(parseAddCheckpointRequest(body(`old 0\n\n${NOTE}`))).toEqual({
      oldSize: 0,
      proof: [],
      note: NOTE,
    });
  });

  const malformed: ReadonlyArray<readonly [string, string]> = [
    ['no empty line', `old 0\n${NOTE.replace('\n\n', '\n')}`],
    ['a leading zero in the old size', `old 03\n\n${NOTE}`],
    ['a negative old size', `old -1\n\n${NOTE}`],
    ['two spaces after old', `old  3\n\n${NOTE}`],
    ['a capitalised keyword', `Old 3\n\n${NOTE}`],
    ['an old size beyond 2^53 - 1', `old 9007199254740992\n\n${NOTE}`],
    ['CRLF line endings', `old 0\r\n\r\n${NOTE}`],
    ['a proof line that is not base64', `old 3\nnot base64!\n\n${NOTE}`],
    ['a proof line of 31 bytes', `old 3\n${Buffer.alloc(31).toString('base64')}\n\n${NOTE}`],
    ['a non-canonical proof line', `old 3\n${HASH_A.slice(0, 42)}F=\n\n${NOTE}`],
    ['64 proof lines', `old 3\n${`${HASH_A}\n`.repeat(64)}\n${NOTE}`],
    ['an empty body', ''],
  ];
  for (const [description, text] of malformed) {
    it(`given ${description}, when parsed, then WITNESS_REQUEST_MALFORMED`, () => {
      expect(errorCodeOf(() => parseAddCheckpointRequest(body(text)))).toBe('WITNESS_REQUEST_MALFORMED');
    });
  }

  it('given 63 proof lines, when parsed, then all are kept (the spec allows 63)', () => {
    expect(parseAddCheckpointRequest(body(`old 3\n${`${HASH_A}\n`.repeat(63)}\n${NOTE}`)).proof).toHaveLength(
      63,
    );
  });

  it('given bytes that are not UTF-8 or a body over the limit, when parsed, then WITNESS_REQUEST_MALFORMED', () => {
    expect(errorCodeOf(() => parseAddCheckpointRequest(Uint8Array.of(0x6f, 0xff, 0x0a)))).toBe(
      'WITNESS_REQUEST_MALFORMED',
    );
    const huge = body(`old 0\n\n${'x'.repeat(MAX_ADD_CHECKPOINT_BYTES)}`);
    expect(errorCodeOf(() => parseAddCheckpointRequest(huge))).toBe('WITNESS_REQUEST_MALFORMED');
  });
});
