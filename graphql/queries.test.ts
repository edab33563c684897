import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../ledger/index.js';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
let app: string;
let auditor: string;
let runId: string;
let afterFirstStep: number;
beforeAll(async () => {
  rt = await openTestRuntime();
  app = await rt.bearer('app');
  auditor = await rt.bearer('auditor');
  runId = (await startRun(rt.api.yoga, app, { agent: 'planner', budget: { maxSteps: 5 } })).run.id;
  afterFirstStep = (await recordStep(rt.api.yoga, app, runId, { summary: 'first' })).run!.lastPosition;
  await recordStep(rt.api.yoga, app, runId, { summary: 'second' });
});
afterAll(async () => rt.close());

interface Edges<T> {
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: T }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}
interface EventNode {
  readonly id: string;
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly hash: string;
  readonly prevHash: string;
  readonly leafHash: string;
  readonly data: unknown;
  readonly actor: { readonly id: string };
}
interface RunNode {
  readonly id: string;
  readonly status: string;
  readonly stepCount: number;
  readonly asOf: number | null;
  readonly steps: ReadonlyArray<{ stepNumber: number; summary: string; event: { type: string } }>;
  readonly events: Edges<{ type: string }>;
}
interface Proof {
  readonly eventId: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly hashes: readonly string[];
  readonly rootHash: string;
  readonly checkpoint: { treeSize: number } | null;
}

const query = <Data>(text: string, variables: Record<string, unknown> = {}, authorization = app) =>
  graphqlRequest<Data>(rt.api.yoga, text, { authorization, variables });
function data<Data>(response: GraphqlResponse<Data>): Data {
  expect(response.errors).toBeUndefined();
  return response.data!;
}
const types = (connection: Edges<{ type: string }>) => connection.edges.map((edge) => edge.node.type);

describe('run', () => {
  const RUN = `query($id: ID!, $asOf: Position) { run(id: $id, asOf: $asOf) {
    id status stepCount asOf steps { stepNumber summary event { type } } events { edges { node { type } } } } }`;

  it('returns the current run with its steps and events', async () => {
    const { run } = data(await query<{ run: RunNode }>(RUN, { id: runId }));
    expect(run).toMatchObject({ id: runId, status: 'running', stepCount: 2, asOf: null });
    expect(run.steps.map((step) => [step.stepNumber, step.summary, step.event.type])).toEqual([
      [1, 'first', 'StepRecorded'],
      [2, 'second', 'StepRecorded'],
    ]);
    expect(types(run.events)).toEqual(['RunStarted', 'StepRecorded', 'StepRecorded']);
  });

  it('with asOf, returns the run as it stood at that position (time travel from the ledger)', async () => {
    const { run } = data(await query<{ run: RunNode }>(RUN, { id: runId, asOf: afterFirstStep }));
    expect(run).toMatchObject({ status: 'running', stepCount: 1, asOf: afterFirstStep });
    expect(run.steps.map((step) => step.summary)).toEqual(['first']);
    expect(types(run.events)).toEqual(['RunStarted', 'StepRecorded']);
  });

  it("is null for an unknown id, for another tenant's run and before the run existed", async () => {
    const foreign = (await startRun(rt.api.yoga, await rt.bearer('app', 'globex'))).run.id;
    for (const variables of [
      { id: '0190d5a0-0000-7000-8000-000000000000' },
      { id: foreign },
      { id: foreign, asOf: 10_000 },
      { id: runId, asOf: 0 },
    ]) {
      expect(data(await query<{ run: RunNode | null }>(RUN, variables)).run).toBeNull();
    }
  });
});

describe('runs', () => {
  it('pages newest first with opaque cursors and filters by status and agent', async () => {
    const owner = await rt.bearer('app', 'paging');
    const started: string[] = [];
    for (const agent of ['a', 'b', 'a']) started.push((await startRun(rt.api.yoga, owner, { agent })).run.id);
    const LIST = `query($after: String, $status: RunStatus, $agent: String) {
      runs(first: 2, after: $after, status: $status, agent: $agent) {
        edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
    type Runs = { runs: Edges<{ id: string }> };
    const list = async (variables: Record<string, unknown>) =>
      data(await query<Runs>(LIST, variables, owner)).runs;
    const ids = (connection: Edges<{ id: string }>) => connection.edges.map((edge) => edge.node.id);
    const first = await list({});
    expect(ids(first)).toEqual([started[2], started[1]]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, endCursor: first.edges[1]!.cursor });
    const second = await list({ after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual([started[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(ids(await list({ agent: 'b' }))).toEqual([started[1]]);
    expect(ids(await list({ status: 'completed' }))).toEqual([]);
  });

  it('refuses a cursor it never issued as BAD_USER_INPUT', async () => {
    const response = await query(`{ runs(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('events', () => {
  const EVENTS = `query($runId: ID, $type: String, $actorId: String, $from: Position, $to: Position, $stream: String) {
    events(first: 50, runId: $runId, type: $type, actorId: $actorId, fromPosition: $from, toPosition: $to, stream: $stream) {
      edges { node { id position stream revision type hash prevHash leafHash data actor { id } } } } }`;
  const nodes = async (variables: Record<string, unknown>) =>
    data(await query<{ events: Edges<EventNode> }>(EVENTS, variables)).events.edges.map((edge) => edge.node);

  it('filters by run, type, actor, stream and position range; hashes chain and leaf hashes match', async () => {
    const ofRun = await nodes({ runId });
    expect(ofRun.map((event) => event.type)).toEqual(['RunStarted', 'StepRecorded', 'StepRecorded']);
    expect(ofRun[1]!.prevHash).toBe(ofRun[0]!.hash);
    expect(ofRun[0]!.leafHash).toBe(hashLeaf(Buffer.from(ofRun[0]!.hash, 'hex')).toString('hex'));
    expect((await nodes({ runId, type: 'StepRecorded' })).length).toBe(2);
    expect(
      (await nodes({ stream: `run-${runId}`, from: ofRun[1]!.position, to: ofRun[1]!.position })).map(
        (e) => e.id,
      ),
    ).toEqual([ofRun[1]!.id]);
    const actor = ofRun[0]!.actor.id;
    expect((await nodes({ actorId: actor })).every((event) => event.actor.id === actor)).toBe(true);
  });

  it('filters by time with exclusive ISO 8601 bounds, and refuses a malformed instant', async () => {
    const TIMED = `query($after: String, $before: String, $runId: ID) {
      events(runId: $runId, occurredAfter: $after, occurredBefore: $before) { edges { node { id } } } }`;
    type Timed = { events: Edges<{ id: string }> };
    const count = async (variables: Record<string, unknown>) =>
      data(await query<Timed>(TIMED, { runId, ...variables })).events.edges.length;
    // The manual clock stands still at 2026-11-23T12:00:00Z: every event of the run occurred at that instant.
    expect(await count({ after: '2026-11-23T11:59:59Z' })).toBe(3);
    expect(await count({ after: '2026-11-23T12:00:00Z' })).toBe(0);
    expect(await count({ before: '2026-11-23T12:00:00.001Z' })).toBe(3);
    expect(errorCodes(await query(TIMED, { after: 'yesterday' }))).toEqual(['BAD_USER_INPUT']);
  });

  it("never shows another tenant's events, and withholds API keys' secret hashes", async () => {
    const all = await nodes({});
    expect(all.length).toBeGreaterThan(0);
    const keyEvents = all.filter((event) => event.type === 'ApiKeyIssued');
    expect(keyEvents.length).toBeGreaterThan(0);
    for (const event of keyEvents) expect(event.data).not.toHaveProperty('secretHash');
    const globexRuns = await nodes({ type: 'RunStarted' });
    expect(globexRuns.every((event) => event.stream !== undefined)).toBe(true);
    const raw = await rt.log.readAll();
    const acme = new Set(raw.filter((event) => event.meta.tenant === 'acme').map((event) => event.id));
    expect(all.every((event) => acme.has(event.id))).toBe(true);
  });
});

describe('ledger, verification and proofs', () => {
  it('ledger shows the head, origin, verifier key and the latest signed checkpoint', async () => {
    const signed = await rt.ledger.checkpointNow();
    const { ledger } = data(
      await query<{
        ledger: { head: number; origin: string; publicKeys: string[]; latestCheckpoint: unknown };
      }>(
        `{ ledger { head origin publicKeys latestCheckpoint { origin treeSize rootHash timestamp note } } }`,
      ),
    );
    expect(ledger.head).toBe(await rt.log.headPosition());
    expect(ledger.origin).toBe(rt.ledger.origin);
    expect(ledger.publicKeys).toEqual([rt.ledger.verifierKey]);
    const { ledger: chain } = data(
      await query<{ ledger: { signingKeys: unknown[] } }>(
        `{ ledger { signingKeys { verifierKey introducedAfter retiredAfter current position } } }`,
      ),
    );
    expect(chain.signingKeys).toEqual([
      {
        verifierKey: rt.ledger.verifierKey,
        introducedAfter: null,
        retiredAfter: null,
        current: true,
        position: 1,
      },
    ]);
    expect(ledger.latestCheckpoint).toMatchObject({
      treeSize: signed!.checkpoint.treeSize,
      rootHash: signed!.checkpoint.rootHash.toString('hex'),
      note: signed!.note,
    });
  });

  it('verifyLedger reports an intact ledger', async () => {
    const { verifyLedger } = data(
      await query<{ verifyLedger: { eventsVerified: number } }>(
        `{ verifyLedger { ok failure { code } eventsVerified checkpointsVerified keySource } }`,
        {},
        auditor,
      ),
    );
    expect(verifyLedger).toMatchObject({ ok: true, failure: null, keySource: 'ledger' });
    expect(verifyLedger.eventsVerified).toBe((await rt.log.headPosition())! + 1);
  });

  it('inclusionProof verifies against the signed checkpoint root', async () => {
    const signed = (await rt.ledger.checkpointNow())!;
    const [event] = await rt.log.readStream(`run-${runId}`, { maxCount: 1 });
    const { inclusionProof: proof } = data(
      await query<{ inclusionProof: Proof }>(
        `query($id: ID!) { inclusionProof(eventId: $id) {
          eventId leafIndex treeSize leafHash hashes rootHash checkpoint { treeSize } } }`,
        { id: event!.id },
        auditor,
      ),
    );
    expect(proof).toMatchObject({
      eventId: event!.id,
      leafIndex: event!.position,
      treeSize: signed.checkpoint.treeSize,
    });
    expect(proof.rootHash).toBe(signed.checkpoint.rootHash.toString('hex'));
    expect(proof.checkpoint).toEqual({ treeSize: signed.checkpoint.treeSize });
    const hashes = proof.hashes.map((hash) => Buffer.from(hash, 'hex'));
    expect(() =>
      verifyInclusion(
        Buffer.from(proof.leafHash, 'hex'),
        proof.leafIndex,
        proof.treeSize,
        hashes,
        signed.checkpoint.rootHash,
      ),
    ).not.toThrow();
  });

  it('inclusionProof: null for another tenant, BAD_USER_INPUT for a tree that cannot hold the event', async () => {
    const globex = await rt.bearer('auditor', 'globex');
    const [event] = await rt.log.readStream(`run-${runId}`, { maxCount: 1 });
    const PROOF = `query($id: ID!, $size: Position) { inclusionProof(eventId: $id, treeSize: $size) { leafIndex } }`;
    expect(
      data(await query<{ inclusionProof: Proof | null }>(PROOF, { id: event!.id }, globex)).inclusionProof,
    ).toBeNull();
    const head = (await rt.log.headPosition())!;
    for (const size of [event!.position, head + 2]) {
      expect(errorCodes(await query(PROOF, { id: event!.id, size }, auditor))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('consistencyProof links two checkpoints', async () => {
    const older = (await rt.ledger.checkpointNow())!.checkpoint;
    await recordStep(rt.api.yoga, app, runId, { summary: 'third' });
    const newer = (await rt.ledger.checkpointNow())!.checkpoint;
    const { consistencyProof: proof } = data(
      await query<{ consistencyProof: { hashes: string[] } }>(
        `query($from: Position!, $to: Position!) { consistencyProof(fromSize: $from, toSize: $to) { fromSize toSize hashes } }`,
        { from: older.treeSize, to: newer.treeSize },
        auditor,
      ),
    );
    const hashes = proof.hashes.map((hash) => Buffer.from(hash, 'hex'));
    expect(() =>
      verifyConsistency(older.treeSize, newer.treeSize, hashes, older.rootHash, newer.rootHash),
    ).not.toThrow();
    const backwards = await query(`{ consistencyProof(fromSize: 5, toSize: 3) { hashes } }`, {}, auditor);
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
  });
});
