import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCommandService } from '../../../domain/index.js';
import { runMir } from '../../cli/testing/mirProcess.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { startWitnessFor } from './witnessFor.js';

const APP = { actor: { kind: 'service', id: 'app-1' }, tenant: 'acme' } as const;

/** A real run's evidence bundle, exported by `mir export` from a real SQLite ledger, and the key that checks it. */
export interface RunBundle {
  readonly dataDir: string;
  readonly runId: string;
  readonly bytes: Uint8Array;
  /** `mir keys public` of the ledger, as an auditor keeps it (with a comment line). */
  readonly publicKeyFile: string;
  /** The checkpoint verifier key alone. */
  readonly verifierKey: string;
  /**
   * A checkpoint signed mid-run (after the run started), as an auditor who looked earlier would have kept it; the
   * bundle was exported `--since` its tree size.
   */
  readonly earlierCheckpoint: string;
  /** The cosignature key of the witness that cosigned the bundle's checkpoint (when asked for one). */
  readonly witnessKey: string | null;
  /** The key `mir keys rotate` introduced after the run (when asked to rotate); `verifierKey` is the retired one. */
  readonly rotatedTo: string | null;
}

export interface RunBundleOptions {
  /** A real witness cosigns the run's final checkpoint, and the bundle is exported at that checkpoint. */
  readonly witnessed?: boolean;
  /** After the run, `mir keys rotate` replaces the checkpoint key; the bundle is proved by the new key's checkpoint. */
  readonly rotated?: boolean;
}

/**
 * Writes a run on a fresh embedded ledger in a new temp folder (started, one step per summary, completed), signs a
 * checkpoint (`witnessed`: cosigned by a real witness, see startWitnessFor), closes the ledger, then prints the key,
 * optionally rotates it, and exports the run (with the consistency proof from the mid-run checkpoint) with the real
 * CLI in child processes.
 */
export async function exportRunBundle(
  summaries: readonly string[],
  { witnessed = false, rotated = false }: RunBundleOptions = {},
): Promise<RunBundle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mir-verify-page-'));
  try {
    const written = await writeRun(dataDir, summaries, witnessed);
    const verifierKey = (await mir('keys', 'public', '--data', dataDir)).trim();
    const rotatedTo = rotated ? (await mir('keys', 'rotate', '--data', dataDir)).trim() : null;
    const bundleFile = join(dataDir, 'run.bundle');
    const since = ['--since', String(written.earlierSize)];
    const at = rotated ? [] : ['--checkpoint', String(written.finalSize)];
    await mir('export', '--run', written.runId, ...since, ...at, '--out', bundleFile, '--data', dataDir);
    return {
      dataDir,
      runId: written.runId,
      bytes: new Uint8Array(readFileSync(bundleFile)),
      publicKeyFile: `# MIR checkpoint key, pinned out of band\n${verifierKey}\n`,
      verifierKey,
      earlierCheckpoint: written.earlierCheckpoint,
      witnessKey: written.witnessKey,
      rotatedTo,
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** `mir export --tenant --from --to` of the ledger `exportRunBundle` wrote: a range bundle, other tenants by hash. */
export async function exportRangeBundle(
  bundle: RunBundle,
  range: { readonly tenant: string; readonly from: number; readonly to: number },
): Promise<Uint8Array> {
  const file = join(bundle.dataDir, `range-${range.from}-${range.to}.bundle`);
  const bounds = ['--from', String(range.from), '--to', String(range.to)];
  await mir('export', '--tenant', range.tenant, ...bounds, '--out', file, '--data', bundle.dataDir);
  return new Uint8Array(readFileSync(file));
}

async function writeRun(dataDir: string, summaries: readonly string[], witnessed: boolean) {
  const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
  const witness = witnessed ? await startWitnessFor(ledger, join(dataDir, 'witness')) : null;
  try {
    const runs = new RunCommandService(ledger.log, systemClock, uuidV7Ids);
    const runId = runs.newRunId(APP);
    const start = {
      type: 'StartRun',
      runId,
      goal: 'audit me',
      agent: 'agent-7',
      input: null,
      budget: {},
    } as const;
    await runs.execute(start, APP);
    const earlier = await ledger.checkpointNow();
    for (const summary of summaries)
      await runs.execute({ type: 'RecordStep', runId, kind: 'note', summary, payload: null }, APP);
    await runs.execute({ type: 'CompleteRun', runId, output: { done: true } }, APP);
    const finalSize = (await ledger.checkpointNow())!.checkpoint.treeSize;
    await witness?.cosigned(finalSize);
    const earlierSize = earlier!.checkpoint.treeSize;
    const witnessKey = witness?.verifierKey ?? null;
    return { runId, earlierCheckpoint: earlier!.note, earlierSize, finalSize, witnessKey };
  } finally {
    await witness?.close();
    await ledger.close();
  }
}

async function mir(...args: string[]): Promise<string> {
  const result = await runMir(args);
  if (result.code !== 0) throw new Error(`mir ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}
