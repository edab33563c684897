/**
 * `npm run bench:policy`: decision latency of `PolicyService.decide` (cached Cedar set, SQLite ledger head check)
 * against Cedar's plain `isAuthorized` with the policy text parsed on every call, measured in the same run,
 * in interleaved rounds (figures are medians over rounds). Also times publishing (validate + append).
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicyRequest } from '../../domain/index.js';
import { PolicyService } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { fmt, median, summarise } from '../bench/benchStats.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { checkPolicySet } from './cedarPolicySet.js';
import { toCedarRequest } from './cedarRequest.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';
import { exampleRequest } from './exampleRequests.js';
import { sha256PolicyDigester } from './policyDigester.js';

const ROUNDS = 7;
const PER_ROUND = 2_000;
const origin = { actor: { kind: 'user', id: 'bench-admin' }, tenant: 'acme' } as const;

/** A spread of requests that exercises allows, default denies, forbids, gates (two passes) and approvals. */
const REQUESTS: PolicyRequest[] = [
  exampleRequest(),
  exampleRequest({ tool: 'kv.put', sideEffect: 'reversible', args: { key: 'k', value: { n: 1 } } }),
  exampleRequest({ role: 'reviewer', tool: 'kv.put', sideEffect: 'reversible' }),
  exampleRequest({ role: 'admin', tool: 'shell.exec' }),
  exampleRequest({ riskScore: 0.95 }),
  exampleRequest({ tool: 'mail.send', sideEffect: 'irreversible', riskScore: 0.6 }),
  exampleRequest({ tool: 'mail.send', sideEffect: 'irreversible', riskScore: 0.6, approved: true }),
  exampleRequest({ tool: 'mail.send', sideEffect: 'irreversible', riskScore: 0.2 }),
  exampleRequest({ tool: 'http.get', args: { host: 'billing.internal', path: '/v1' } }),
  exampleRequest({ tool: 'http.get', args: { host: 'evil.example', path: '/' } }),
  exampleRequest({ riskTags: ['payment'] }),
  exampleRequest({ riskTags: ['pii', 'export'] }),
  exampleRequest({ toolCalls: 5, maxToolCalls: 5 }),
  exampleRequest({ runStatus: 'completed' }),
  exampleRequest({ tenant: 'acme', role: 'auditor' }),
  exampleRequest({ tool: 'kv.delete', sideEffect: 'reversible', args: { count: 3 } }),
];

async function timeMir(policies: PolicyService): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const request = REQUESTS[i % REQUESTS.length]!;
    const start = performance.now();
    await policies.decide(request);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** The baseline: no prepared set, no cache — the text is parsed by Cedar on every call. */
function timeUncached(): number[] {
  const calls = REQUESTS.map((request) => toCedarRequest(request));
  const samples: number[] = [];
  for (let i = 0; i < PER_ROUND; i++) {
    const start = performance.now();
    cedar.isAuthorized({ ...calls[i % calls.length]!, policies: { staticPolicies: EXAMPLE_POLICIES } });
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mir-policy-bench-'));
  const log = openSqliteEventLog(join(dir, 'ledger.db'));
  try {
    const evaluator = new CedarPolicyEvaluator();
    const policies = new PolicyService({
      log,
      clock: manualClock(),
      ids: testIds,
      evaluator,
      digester: sha256PolicyDigester,
    });
    const publishMs: number[] = [];
    const checkMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const text = `${EXAMPLE_POLICIES}\n// revision ${i}\n`;
      let start = performance.now();
      checkPolicySet(cedar, text);
      checkMs.push(performance.now() - start);
      start = performance.now();
      await policies.publish({ policies: text, description: `revision ${i}` }, origin);
      publishMs.push(performance.now() - start);
    }
    await timeMir(policies); // warm-up: prepares the set, JIT
    timeUncached();
    const mir: { p50: number; p99: number }[] = [];
    const base: { p50: number; p99: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        mir.push(summarise(await timeMir(policies)));
        base.push(summarise(timeUncached()));
      } else {
        base.push(summarise(timeUncached()));
        mir.push(summarise(await timeMir(policies)));
      }
    }
    const row = (label: string, rows: { p50: number; p99: number }[]) => {
      const p50 = median(rows.map((r) => r.p50));
      const p99 = median(rows.map((r) => r.p99));
      console.log(
        `${label.padEnd(52)} p50 ${fmt(p50 * 1000, 1).padStart(7)} µs   p99 ${fmt(p99 * 1000, 1).padStart(7)} µs`,
      );
      return p50;
    };
    console.log(
      `policy decisions: ${EXAMPLE_POLICIES.match(/@id\(/g)!.length} policies, ${REQUESTS.length} request shapes, ${ROUNDS} interleaved rounds × ${PER_ROUND}`,
    );
    const mirP50 = row('MIR PolicyService.decide (cached set, SQLite head)', mir);
    const baseP50 = row('baseline Cedar isAuthorized (text parsed per call)', base);
    console.log(
      `ratio (baseline p50 / MIR p50): ${fmt(baseP50 / mirP50, 1)}×   target MIR p50 ≤ 200 µs: ${mirP50 <= 0.2 ? 'met' : 'MISSED'}`,
    );
    const pub = summarise(publishMs);
    const chk = summarise(checkMs);
    console.log(
      `publish (validate + append), 20 versions:  p50 ${fmt(pub.p50, 2)} ms   p99 ${fmt(pub.p99, 2)} ms`,
    );
    console.log(
      `  of which validate (parse + schema check):  p50 ${fmt(chk.p50, 2)} ms   p99 ${fmt(chk.p99, 2)} ms`,
    );
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
