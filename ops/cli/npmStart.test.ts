import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Stands in for the built server: says where it runs, and stops (exit 0) on SIGTERM like `mir serve`. */
const FAKE_SERVER = `
const alive = setInterval(() => {}, 1000);
process.once('SIGTERM', () => { process.stdout.write('stopped\\n'); clearInterval(alive); });
process.stdout.write('ready ' + process.pid + ' ' + process.argv.slice(2).join(' ') + '\\n');
`;

/** `npm start` in `cwd`: its pid, output so far, and exit code. */
function npmStart(cwd: string) {
  const child = spawn('npm', ['start', '--silent'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => output, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The package's real `start` script and build-freshness check, run by real npm, over a stand-in dist/.
describe('npm start (real npm, the package.json start script, a stand-in server)', () => {
  let probe: string;
  let serverPid: number | null = null;
  beforeEach(() => {
    probe = mkdtempSync(join(tmpdir(), 'mir-npm-start-'));
    writeFileSync(
      join(probe, 'package.json'),
      JSON.stringify({
        name: 'mir-start-probe',
        version: '0.0.0',
        type: 'module',
        scripts: { start: scripts.start },
      }),
    );
    cpSync(join(REPO, 'ops', 'cli', 'build'), join(probe, 'ops', 'cli', 'build'), { recursive: true });
    writeFileSync(join(probe, 'ops', 'source.ts'), 'export {};\n');
    mkdirSync(join(probe, 'dist', 'ops', 'cli'), { recursive: true });
    writeFileSync(join(probe, 'dist', 'ops', 'cli', 'mir.js'), FAKE_SERVER);
    writeFileSync(join(probe, 'dist', '.build-stamp'), '');
    const past = new Date('2026-01-01T00:00:00Z');
    const built = new Date('2026-01-02T00:00:00Z');
    utimesSync(join(probe, 'ops', 'source.ts'), past, past);
    utimesSync(join(probe, 'dist', '.build-stamp'), built, built);
    for (const file of ['buildStamp.js', 'markBuild.js', 'requireFreshBuild.js'])
      utimesSync(join(probe, 'ops', 'cli', 'build', file), past, past);
  });
  afterEach(() => {
    // A failed run may have left the stand-in orphaned: end it (it is this test's own child's child).
    if (serverPid !== null && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    serverPid = null;
    rmSync(probe, { recursive: true, force: true });
  });

  it('given a fresh build, when npm start gets SIGTERM, then the server itself stops (no orphan) and npm exits', async () => {
    const started = npmStart(probe);
    await expect.poll(() => /ready (\d+) serve/.exec(started.output()), { timeout: 20_000 }).not.toBeNull();
    const pid = Number(/ready (\d+)/.exec(started.output())![1]);
    serverPid = pid;
    started.child.kill('SIGTERM');
    await started.exited;
    await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
    expect(started.output()).toContain('stopped');
  });

  it('given a source newer than the build, when npm start, then it refuses naming the file and `npm run build`', async () => {
    const edited = new Date('2026-01-03T00:00:00Z');
    utimesSync(join(probe, 'ops', 'source.ts'), edited, edited);
    const started = npmStart(probe);
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain(
      'mir: dist/ is older than its sources (ops/source.ts changed after the last build): run `npm run build` first',
    );
    expect(started.output()).not.toContain('ready');
  });

  it('given the verifier page style edited after the build, when npm start, then it refuses: the page is built too', async () => {
    const page = join(probe, 'ops', 'verifyPage', 'page');
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'verifyPage.css'), 'body { margin: 0; }\n');
    const edited = new Date('2026-01-03T00:00:00Z');
    utimesSync(join(page, 'verifyPage.css'), edited, edited);
    const started = npmStart(probe);
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain(
      'mir: dist/ is older than its sources (ops/verifyPage/page/verifyPage.css changed after the last build)',
    );
  });

  it('given no complete build, when npm start, then it refuses and says to run `npm run build`', async () => {
    rmSync(join(probe, 'dist', '.build-stamp'));
    const started = npmStart(probe);
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toMatch(
      /^mir: no complete build in .*dist \(dist\/\.build-stamp is missing\): run `npm run build` first$/m,
    );
    expect(started.output()).not.toContain('ready');
  });
});
