import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatVerifierKey, signCheckpoint } from '../checkpoints/note/index.js';
import { createNodeEd25519Signer } from '../keys/index.js';
import { NaiveTree } from '../merkle/testing/index.js';
import { verifyCosignature } from './nodeCosignatures.js';
import { openWitness } from './openWitness.js';
import type { Witness } from './witness.js';
import { createWitnessHttpServer } from './witnessHttpServer.js';

const ORIGIN = 'log.example/witnessed';
const logSigner = createNodeEd25519Signer(randomBytes(32));
const LOG_KEY = formatVerifierKey(ORIGIN, logSigner.publicKey);
const tree = new NaiveTree(Array.from({ length: 40 }, (_, index) => Buffer.from(`leaf ${index}`)));
const NOW_MS = 1_700_000_000_500;

/** The log's signed checkpoint of the first `size` leaves (or of `root`, to fork it). */
function checkpointNote(
  size: number,
  options: { root?: Buffer; signer?: typeof logSigner; origin?: string } = {},
) {
  const origin = options.origin ?? ORIGIN;
  const checkpoint = { origin, treeSize: size, rootHash: options.root ?? tree.root(size), timestamp: 1 };
  return signCheckpoint(checkpoint, origin, options.signer ?? logSigner);
}

function requestBody(oldSize: number, proof: readonly Buffer[], note: string): string {
  return `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

let stateDir: string;
let witness: Witness;
let server: Server;
let url: string;

async function startWitness(): Promise<void> {
  witness = openWitness({
    stateDir,
    name: 'witness.example/w1',
    logKeys: [LOG_KEY],
    clock: { now: () => NOW_MS },
  });
  server = createWitnessHttpServer(witness, pino({ level: 'silent' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stopWitness(): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function post(body: string, path = '/add-checkpoint') {
  const response = await fetch(`${url}${path}`, { method: 'POST', body });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** Gets the witness to cosign size `size` from scratch (old 0). */
async function cosignFirst(size: number) {
  const answer = await post(requestBody(0, [], checkpointNote(size)));
  expect(answer.status).toBe(200);
  return answer;
}

beforeEach(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'mir-witness-'));
  await startWitness();
});

afterEach(async () => {
  await stopWitness();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('POST /add-checkpoint', () => {
  it('given a first checkpoint with old 0, when submitted, then a cosignature that verifies comes back', async () => {
    const note = checkpointNote(5);
    const answer = await post(requestBody(0, [], note));
    expect(answer.status).toBe(200);
    const lines = answer.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(lines[0]!.startsWith('\u2014 witness.example/w1 ')).toBe(true);
    expect(verifyCosignature(note, lines[0]!, witness.key)).toEqual({
      status: 'verified',
      timestamp: Math.floor(NOW_MS / 1000),
    });
  });

  it('given a cosigned size, when a larger checkpoint comes with its consistency proof, then it is cosigned', async () => {
    await cosignFirst(5);
    const answer = await post(requestBody(5, tree.proof(5, 13), checkpointNote(13)));
    expect(answer.status).toBe(200);
    expect(verifyCosignature(checkpointNote(13), answer.text.trim(), witness.key).status).toBe('verified');
  });

  it('given a cosigned size, when old does not match it, then 409 names the size as text/x.tlog.size', async () => {
    await cosignFirst(5);
    const answer = await post(requestBody(0, [], checkpointNote(8)));
    expect(answer).toEqual({ status: 409, type: 'text/x.tlog.size', text: '5\n' });
  });

  it('given a proof that does not lead from the cosigned root, when submitted, then 422 and nothing changes', async () => {
    await cosignFirst(5);
    const badProofs = [
      tree.proof(4, 13),
      tree.proof(5, 12),
      [...tree.proof(5, 13).slice(1), randomBytes(32)],
    ];
    for (const proof of badProofs)
      expect((await post(requestBody(5, proof, checkpointNote(13)))).status).toBe(422);
    expect((await post(requestBody(0, [], checkpointNote(13)))).text).toBe('5\n');
  });

  it('given a fork of the cosigned tree, when its checkpoint comes with its own proof, then 422', async () => {
    await cosignFirst(5);
    const fork = new NaiveTree(Array.from({ length: 13 }, (_, index) => Buffer.from(`other ${index}`)));
    const note = checkpointNote(13, { root: fork.root(13) });
    expect((await post(requestBody(5, fork.proof(5, 13), note))).status).toBe(422);
  });

  it('given the cosigned size with another root, when submitted, then 409', async () => {
    await cosignFirst(5);
    expect((await post(requestBody(5, [], checkpointNote(5, { root: randomBytes(32) })))).status).toBe(409);
    expect((await post(requestBody(5, [], checkpointNote(5)))).status).toBe(200);
  });

  it('given the empty tree, when its root is not SHA-256 of nothing, then 422; when it is, then cosigned', async () => {
    expect((await post(requestBody(0, [], checkpointNote(0, { root: randomBytes(32) })))).status).toBe(422);
    expect((await post(requestBody(0, [], checkpointNote(0)))).status).toBe(200);
  });

  it('given a checkpoint signed by an unknown key for a known origin, when submitted, then 403', async () => {
    const stranger = createNodeEd25519Signer(randomBytes(32));
    expect((await post(requestBody(0, [], checkpointNote(5, { signer: stranger })))).status).toBe(403);
  });

  it('given a checkpoint of an origin the witness does not know, when submitted, then 404', async () => {
    const note = checkpointNote(5, { origin: 'other.example/log' });
    expect((await post(requestBody(0, [], note))).status).toBe(404);
  });

  it('given malformed bodies or old above the size, when submitted, then 400', async () => {
    for (const body of ['', 'old x\n\nnote\n', requestBody(0, [], 'log.example/witnessed\nnot a note\n')])
      expect((await post(body)).status).toBe(400);
    expect((await post(requestBody(9, tree.proof(5, 9), checkpointNote(5)))).status).toBe(400);
  });

  it('given a body over the limit, another method or another path, then 413, 405 and 404', async () => {
    expect((await post('x'.repeat(100 * 1024))).status).toBe(413);
    expect((await fetch(`${url}/add-checkpoint`)).status).toBe(405);
    expect((await post(requestBody(0, [], checkpointNote(5)), '/other')).status).toBe(404);
  });

  it('given a restart on the same state directory, then the witness remembers what it cosigned', async () => {
    await cosignFirst(7);
    const before = witness.verifierKey;
    await stopWitness();
    await startWitness();
    expect(witness.verifierKey).toBe(before);
    expect((await post(requestBody(0, [], checkpointNote(9)))).text).toBe('7\n');
    const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as unknown;
    expect(state).toEqual({
      format: 'mir.witness-state/v1',
      logs: { [ORIGIN]: { size: 7, rootHash: tree.root(7).toString('base64') } },
    });
  });

  it('given a state file that cannot be replaced, when a checkpoint would be cosigned, then 500 and nothing is', async () => {
    await cosignFirst(5);
    const blocker = join(stateDir, `state.json.${process.pid}.tmp`);
    mkdirSync(blocker);
    expect((await post(requestBody(5, tree.proof(5, 8), checkpointNote(8)))).status).toBe(500);
    rmSync(blocker, { recursive: true });
    expect((await post(requestBody(0, [], checkpointNote(8)))).text).toBe('5\n');
    expect((await post(requestBody(5, tree.proof(5, 8), checkpointNote(8)))).status).toBe(200);
  });

  it('given concurrent submissions from one old size, when they race, then exactly one is cosigned', async () => {
    await cosignFirst(5);
    const sizes = [8, 9, 10, 11, 12, 13, 14, 15];
    const answers = await Promise.all(
      sizes.map((size) => post(requestBody(5, tree.proof(5, size), checkpointNote(size)))),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    const winner = sizes[answers.findIndex((answer) => answer.status === 200)]!;
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.text)).toEqual(
      Array(sizes.length - 1).fill(`${winner}\n`),
    );
  });
});
