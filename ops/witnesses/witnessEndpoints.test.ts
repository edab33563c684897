import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatVerifierKey } from '../../ledger/index.js';
import { createNodeEd25519Signer } from '../../ledger/keys/index.js';
import { runOnNode } from '../../ledger/keys/nodeCrypto.js';
import { createWitnessKeySteps } from '../../ledger/portable/note/cosignature.js';
import { errorCodeOf } from '../../ledger/testing/errorCodeOf.js';
import { ConfigError, loadRuntimeConfig } from '../config/runtimeConfig.js';
import { parseWitnessEndpoints } from './witnessEndpoints.js';

const publicKey = () => createNodeEd25519Signer(randomBytes(32)).publicKey;
const W1 = runOnNode(createWitnessKeySteps('witness.example/w1', publicKey())).verifierKey;
const W2 = runOnNode(createWitnessKeySteps('witness.example/w2', publicKey())).verifierKey;
const parse = (text: string | undefined) =>
  parseWitnessEndpoints(text, (message) => new ConfigError(message));

describe('parseWitnessEndpoints', () => {
  it('given entries separated by commas and whitespace, when parsed, then each url and key, trailing slashes trimmed', () => {
    const endpoints = parse(` http://127.0.0.1:4100/=${W1},\n https://w2.example/prefix=${W2} `);
    expect(endpoints.map(({ url, verifierKey, key }) => [url, verifierKey, key.name])).toEqual([
      ['http://127.0.0.1:4100', W1, 'witness.example/w1'],
      ['https://w2.example/prefix', W2, 'witness.example/w2'],
    ]);
  });

  it('given nothing, when parsed, then no witnesses', () => {
    expect(parse(undefined)).toEqual([]);
    expect(parse('  ')).toEqual([]);
  });

  const bad: ReadonlyArray<readonly [string, string]> = [
    ['no "="', 'http://127.0.0.1:4100'],
    ['no URL', `not a url=${W1}`],
    ['another scheme', `ftp://w.example=${W1}`],
    ['a query string', `http://w.example/?a=1=${W1}`],
    [
      'a note-signing key (type 0x01) instead of a witness key',
      `http://w.example=${formatVerifierKey('w', publicKey())}`,
    ],
    ['a key with a wrong key ID', `http://w.example=${W1.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}`],
  ];
  for (const [description, text] of bad) {
    it(`given ${description}, when parsed, then CONFIG_INVALID`, () => {
      expect(errorCodeOf(() => parse(text))).toBe('CONFIG_INVALID');
    });
  }

  it('given MIR_WITNESSES and the --witnesses flag, when loading the config, then the flag wins', () => {
    const env = { MIR_WITNESSES: `http://a.example=${W1}` };
    expect(loadRuntimeConfig({}, env).witnesses.map((entry) => entry.url)).toEqual(['http://a.example']);
    const flagged = loadRuntimeConfig({ witnesses: `http://b.example=${W2}` }, env);
    expect(flagged.witnesses.map((entry) => entry.url)).toEqual(['http://b.example']);
    expect(loadRuntimeConfig({}, {}).witnesses).toEqual([]);
  });
});
