// The completion half of `npm run bench:engines`; also runs alone: `tsx ops/bench/completionBench.ts [--calls N]`.
// The same chat completion against the OpenAI-compatible peer on 127.0.0.1 made N times straight through the
// official `openai` client (the baseline) and through MIR's governed path (`CompletionService.requestCompletion`:
// kill switch, engine, run and budgets, the prompt's risk score, Cedar `requestCompletion`, the call through the
// adapter, the response's risk score, Cedar `releaseCompletion`, prompt and response blob files, the events on a SQLite
// ledger), the two interleaved so both are measured under the same load. Prints p50/p99 per call and the added.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import type { GovernedOrigin } from '../../domain/index.js';
import { startOpenAiCompatiblePeer } from '../../inference/remote/testing/openAiCompatiblePeer.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { PUBLISH } from '../../graphql/testing/governanceOperations.js';
import { startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import { comparedLatency, fmt, printCompared, timed } from './benchStats.js';
import type { ComparedLatency } from './benchStats.js';

const PERMIT = `@id("bench") permit(principal, action in [Mir::Action::"requestCompletion", Mir::Action::"releaseCompletion"], resource);`;
/** Completions per run: each run is a fresh one, so no run's length shapes the figures. */
const CALLS_PER_RUN = 200;
const MESSAGES = [
  { role: 'system', content: 'You are a terse assistant.' },
  { role: 'user', content: 'Summarise the quarterly travel policy in one sentence.' },
] as const;

/** Measures and prints (through `print`) the governed completion next to the direct one. */
export async function runCompletionBench(
  options: { readonly calls?: number; readonly print?: (line: string) => void } = {},
): Promise<ComparedLatency> {
  const calls = options.calls ?? 500;
  const print = options.print ?? ((line: string) => console.log(line));
  const peer = await startOpenAiCompatiblePeer();
  const rt = await openTestRuntime({ governance: true, store: 'sqlite' });
  const direct = new OpenAI({ baseURL: peer.baseUrl, apiKey: 'bench', maxRetries: 0 });
  try {
    const governed = await governedCompletion(rt, peer.baseUrl);
    const samples = { direct: [] as number[], governed: [] as number[] };
    for (let index = -20; index < calls; index++) {
      const a = await timed(() =>
        direct.chat.completions.create({ model: 'peer-model', messages: [...MESSAGES] }),
      );
      const b = await timed(() => governed(index));
      // The first 20 of each warm up the JIT, the connections and the classifier.
      if (index < 0) continue;
      samples.direct.push(a);
      samples.governed.push(b);
    }
    const result = comparedLatency(calls, samples);
    printCompared(
      result,
      `chat completion (OpenAI-compatible peer on 127.0.0.1), ${fmt(calls)} calls each, interleaved:`,
      {
        direct: 'direct, openai client',
        governed: 'through MIR (CompletionService, governed, recorded on SQLite)',
      },
      print,
    );
    return result;
  } finally {
    await rt.close();
    await peer.close();
  }
}

/** Registers the peer as an engine of the runtime and returns one governed completion (fresh runs as needed). */
async function governedCompletion(rt: Awaited<ReturnType<typeof openTestRuntime>>, baseUrl: string) {
  const admin = await rt.bearer('admin');
  const app = await rt.bearer('app');
  await graphqlRequest(rt.api.yoga, PUBLISH, { authorization: admin, variables: { p: PERMIT } });
  const governance = rt.governance!;
  const adminOrigin: GovernedOrigin = {
    actor: { kind: 'user', id: 'bench-admin' },
    tenant: 'acme',
    role: 'admin',
  };
  await governance.engines.register(
    {
      name: 'peer',
      kind: 'openai-compatible',
      baseUrl,
      model: 'peer-model',
      apiKeyFile: null,
      locality: 'local',
      timeoutMs: 30_000,
      maxRetries: 0,
    },
    adminOrigin,
  );
  const appOrigin: GovernedOrigin = {
    actor: { kind: 'service', id: 'bench-app' },
    tenant: 'acme',
    role: 'app',
  };
  let runId = '';
  return async (index: number) => {
    if (index % CALLS_PER_RUN === 0 || runId === '') runId = (await startRun(rt.api.yoga, app)).run.id;
    const result = await governance.completions.requestCompletion(
      { runId, engine: 'peer', messages: [...MESSAGES], parameters: {} },
      appOrigin,
    );
    if (result.outcome !== 'completed')
      throw new Error(`the governed completion did not complete: ${result.outcome}`);
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '500' } } });
  await runCompletionBench({ calls: Number(values.calls) });
}
