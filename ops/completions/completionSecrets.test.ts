import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFolder } from '../../inference/remote/testing/engineFixtures.js';
import { startOpenAiCompatiblePeer } from '../../inference/remote/testing/openAiCompatiblePeer.js';
import type { OpenAiCompatiblePeer } from '../../inference/remote/testing/openAiCompatiblePeer.js';
import { BOOTSTRAP_TENANT } from '../access/bootstrapAdminKey.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { startMirRuntime } from '../runtime/mirRuntime.js';
import type { MirRuntime } from '../runtime/mirRuntime.js';
import { API_KEY, COMPLETE, REGISTER_ENGINE } from './completionFixture.js';

// The API key of a remote engine, on the real server (`startMirRuntime`: SQLite ledger file, file blob store,
// debug logs captured): it reaches the endpoint and nothing else — not the ledger file, the blobs, the logs, or
// any answer, including the answer to a wrong key.

const WRONG_KEY = 'sk-mir-wrong-0b5a3e1d2c4f6a8b9c0d1e2f3a4b5c6d';
const POLICIES = `@id("all") permit(principal, action, resource);`;

let dataDir: string;
let runtime: MirRuntime;
let peer: OpenAiCompatiblePeer;
let keys: Awaited<ReturnType<typeof keyFolder>>;
let logged = '';

const ask = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
  const response = await fetch(`${runtime.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return await response.text();
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mir-completion-secrets-'));
  peer = await startOpenAiCompatiblePeer({ apiKey: API_KEY });
  keys = await keyFolder();
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => ((logged += chunk.toString()), done()),
  });
  runtime = await startMirRuntime(
    loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
    pino({ level: 'debug' }, sink),
  );
});
afterAll(async () => {
  await runtime.close();
  await peer.close();
  await keys.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under `dir`, read as text. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path, 'latin1')];
  });

describe('an engine API key on the server', () => {
  it('given completions with the right and a wrong key, then the key appears in no answer, log line, ledger or blob', async () => {
    const admin = runtime.bootstrapKey!.token;
    const app = (
      await runtime.apiKeys.issue(
        { role: 'app', tenant: BOOTSTRAP_TENANT, label: 'app' },
        { kind: 'user', id: 'op' },
      )
    ).token;
    const answers: string[] = [];
    answers.push(
      await ask(admin, `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`, {
        p: POLICIES,
      }),
    );
    const engine = async (name: string, secret: string) => {
      const apiKeyFile = await keys.write(`${name}.key`, secret, 0o600);
      const variables = {
        name,
        baseUrl: peer.baseUrl,
        locality: 'local',
        apiKeyFile,
        timeoutMs: 2_000,
        maxRetries: 0,
      };
      answers.push(await ask(admin, REGISTER_ENGINE, variables));
    };
    await engine('right', API_KEY);
    await engine('wrong', WRONG_KEY);
    const started = await ask(
      app,
      'mutation { startRun(goal: "g", agent: "a") { ... on RunCommandPayload { run { id } } } }',
    );
    const runId = (JSON.parse(started) as { data: { startRun: { run: { id: string } } } }).data.startRun.run
      .id;
    const messages = [{ role: 'user', content: 'Summarise the quarterly sales report for the board' }];
    const right = await ask(app, COMPLETE, { runId, engine: 'right', messages });
    const wrong = await ask(app, COMPLETE, { runId, engine: 'wrong', messages });
    expect(right).toContain('CompletionReleased');
    expect(wrong).toContain('ENGINE_AUTH_FAILED');
    answers.push(right, wrong, await ask(admin, '{ engines { name baseUrl usesApiKey } }'));
    // The key did reach the endpoint, as the Authorization header.
    expect(peer.requests.some((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toContain('mir_completions_total{kind="chat",outcome="completed"} 1');
    expect(metrics).toContain('mir_completions_total{kind="chat",outcome="failed"} 1');
    await runtime.ledger.checkpointNow();
    const stored = filesUnder(dataDir).join('\n');
    expect(stored).toContain('EngineRegistered');
    expect(stored).toContain('quarterly sales report'); // the prompt blob, in the data directory's blob store
    expect(logged).toContain('"level":30'); // the server's log lines were captured
    for (const secret of [API_KEY, WRONG_KEY]) {
      expect(answers.join('\n')).not.toContain(secret);
      expect(logged).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
