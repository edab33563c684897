import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMir, spawnMirWitness } from '../testing/mirProcess.js';

const LOG_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const dirs: string[] = [];

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mir-witness-cli-'));
  dirs.push(dir);
  return join(dir, 'witness');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('mir witness', () => {
  it('given a new state directory, when printing the key twice, then one stable 0x04 key, its file 0600 in 0700 folders', async () => {
    const dir = stateDir();
    const first = await runMir(['witness', '--state', dir, '--print-key']);
    const second = await runMir(['witness', '--state', dir, '--print-key']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toMatch(/^mir\.witness\/[0-9a-f]{16}\+[0-9a-f]{8}\+B[A-Za-z0-9+/]{43}\n$/);
    expect(Buffer.from(first.stdout.trim().split('+')[2]!, 'base64')[0]).toBe(0x04);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'keys', 'witness.ed25519')).mode & 0o777).toBe(0o600);
    const named = await runMir(['witness', '--state', dir, '--name', 'witness.example/w1', '--print-key']);
    expect(named.stdout.startsWith('witness.example/w1+')).toBe(true);
    expect(named.stdout.split('+')[2]).toBe(first.stdout.split('+')[2]);
  });

  it('given a running witness, when a second starts on its state directory, then DATA_DIR_IN_USE names it', async () => {
    const dir = stateDir();
    const running = await spawnMirWitness(dir, [LOG_KEY]);
    try {
      const printed = (await runMir(['witness', '--state', dir, '--print-key'])).stdout.trim();
      expect(running.verifierKey).toBe(printed);
      expect(running.output()).toContain(`${printed}\n`);
      const second = await runMir(['witness', '--state', dir, '--log-key', LOG_KEY, '--port', '0']);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/^mir: DATA_DIR_IN_USE: .* in use by mir witness \(pid \d+\)/);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('given no log key, a malformed one or a bad port, when starting, then one mir: CODE line and exit 2', async () => {
    const dir = stateDir();
    const cases: ReadonlyArray<readonly [readonly string[], string]> = [
      [[], 'CONFIG_INVALID'],
      [['--log-key', 'not a key'], 'VERIFIER_KEY_MALFORMED'],
      [['--log-key', LOG_KEY, '--port', '70000'], 'CONFIG_INVALID'],
    ];
    for (const [flags, code] of cases) {
      const result = await runMir(['witness', '--state', dir, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^mir: ${code}: [^\\n]+\\n$`));
    }
  });
});
