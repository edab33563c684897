import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WitnessEvidenceRecorder, witnessVerifierKey } from '../ledger/index.js';
import type { SignedCheckpoint } from '../ledger/index.js';
import { manualClock, testIds } from '../ledger/testing/testLedger.js';
import { createGraphqlApi } from './createGraphqlApi.js';
import { countCalls } from './testing/countCalls.js';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import { startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const CHECKPOINTS = `query($first: Int, $before: Position) { ledger {
  checkpoints(first: $first, beforeTreeSize: $before) { treeSize rootHash cosignatures { witness keyId timestamp } }
} }`;
const WITNESSES = '{ ledger { witnesses { name verifierKey url lastCosignedTreeSize } } }';
/** A cosignature's own timestamp, POSIX seconds, and the same instant as the API writes it. */
const COSIGNED_AT = 1_700_000_000;
const COSIGNED_ISO = '2023-11-14T22:13:20.000Z';

interface CheckpointView {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly cosignatures: ReadonlyArray<{ witness: string; keyId: string; timestamp: string }>;
}

let rt: TestRuntime;
let auditor: string;
let keysDir: string;
const signed: SignedCheckpoint[] = [];
let alpha: string;
let beta: string;
let gamma: string;
beforeAll(async () => {
  keysDir = mkdtempSync(join(tmpdir(), 'mir-witness-keys-'));
  alpha = witnessVerifierKey(join(keysDir, 'alpha'), 'alpha.example/witness');
  beta = witnessVerifierKey(join(keysDir, 'beta'), 'beta.example/witness');
  gamma = witnessVerifierKey(join(keysDir, 'gamma'), 'gamma.example/witness');
  rt = await openTestRuntime({
    witnesses: [
      { url: 'https://ops:hunter2@alpha.example/witness', verifierKey: alpha },
      { url: 'http://127.0.0.1:4100', verifierKey: beta },
      { url: 'http://127.0.0.1:4200/w', verifierKey: gamma },
    ],
  });
  auditor = await rt.bearer('auditor');
  const app = await rt.bearer('app');
  for (let i = 0; i < 3; i++) {
    await startRun(rt.api.yoga, app);
    signed.push((await rt.ledger.checkpointNow())!);
  }
  // What the witness clients record once a witness's cosignature verified (see ops/witnesses).
  const recorder = new WitnessEvidenceRecorder(rt.log, manualClock(), testIds);
  const cosign = (index: number, witness: string) => {
    const { treeSize, rootHash } = signed[index]!.checkpoint;
    return recorder.recordCosigned({
      treeSize,
      rootHash: rootHash.toString('hex'),
      witness,
      cosignature: `— ${witness.split('+')[0]} c2ln`,
      timestamp: COSIGNED_AT,
    });
  };
  await cosign(0, alpha);
  await cosign(1, beta);
  await cosign(2, alpha);
  await cosign(2, alpha); // a repeat counts once
});
afterAll(async () => {
  await rt.close();
  rmSync(keysDir, { recursive: true, force: true });
});

const treeSize = (index: number) => signed[index]!.checkpoint.treeSize;
const keyId = (verifierKey: string) => verifierKey.split('+')[1];

async function checkpoints(variables: Record<string, unknown>): Promise<CheckpointView[]> {
  const response = await graphqlRequest<{ ledger: { checkpoints: CheckpointView[] } }>(
    rt.api.yoga,
    CHECKPOINTS,
    {
      authorization: auditor,
      variables,
    },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.ledger.checkpoints;
}

describe('ledger { checkpoints }', () => {
  it('given three checkpoints, then newest first, each with its recorded cosignatures once per witness', async () => {
    const listed = await checkpoints({});
    expect(listed.map((checkpoint) => checkpoint.treeSize)).toEqual([treeSize(2), treeSize(1), treeSize(0)]);
    expect(listed[0]!.rootHash).toBe(signed[2]!.checkpoint.rootHash.toString('hex'));
    const cosignature = (verifierKey: string, name: string) => ({
      witness: name,
      keyId: keyId(verifierKey),
      timestamp: COSIGNED_ISO,
    });
    expect(listed.map((checkpoint) => checkpoint.cosignatures)).toEqual([
      [cosignature(alpha, 'alpha.example/witness')],
      [cosignature(beta, 'beta.example/witness')],
      [cosignature(alpha, 'alpha.example/witness')],
    ]);
  });

  it('when listing many checkpoints with their cosignatures, then the witnesses stream is read once', async () => {
    const reads = new Map<string, number>();
    const api = createGraphqlApi({ ...rt.deps, log: countCalls(rt.deps.log, reads) });
    const response = await graphqlRequest(api.yoga, CHECKPOINTS, { authorization: auditor });
    expect(response.errors).toBeUndefined();
    // One page of the checkpoints stream and one read of the witnesses stream, not one per checkpoint.
    expect(reads.get('readStream')).toBe(2);
  });

  it('when paging with first and beforeTreeSize, then the next older checkpoints', async () => {
    const page = await checkpoints({ first: 1 });
    expect(page.map((checkpoint) => checkpoint.treeSize)).toEqual([treeSize(2)]);
    const next = await checkpoints({ first: 5, before: page[0]!.treeSize });
    expect(next.map((checkpoint) => checkpoint.treeSize)).toEqual([treeSize(1), treeSize(0)]);
    expect(await checkpoints({ before: treeSize(0) })).toEqual([]);
  });

  it('when first is outside 1–100, then BAD_USER_INPUT', async () => {
    for (const first of [0, 101]) {
      const response = await graphqlRequest(rt.api.yoga, CHECKPOINTS, {
        authorization: auditor,
        variables: { first },
      });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    }
  });
});

describe('ledger { witnesses }', () => {
  it('given two configured witnesses, then each with its name, key, URL without credentials and largest cosigned tree', async () => {
    const response = await graphqlRequest(rt.api.yoga, WITNESSES, { authorization: await rt.bearer('app') });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      ledger: {
        witnesses: [
          {
            name: 'alpha.example/witness',
            verifierKey: alpha,
            url: 'https://alpha.example/witness',
            lastCosignedTreeSize: treeSize(2),
          },
          {
            name: 'beta.example/witness',
            verifierKey: beta,
            url: 'http://127.0.0.1:4100',
            lastCosignedTreeSize: treeSize(1),
          },
          {
            name: 'gamma.example/witness',
            verifierKey: gamma,
            url: 'http://127.0.0.1:4200/w',
            lastCosignedTreeSize: null,
          },
        ],
      },
    });
    expect(JSON.stringify(response)).not.toContain('hunter2');
  });
});
