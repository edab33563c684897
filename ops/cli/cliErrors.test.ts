import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../ledger/index.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { runMir } from './testing/mirProcess.js';

/** A wrong input and the one line the CLI must answer it with (exit 2, nothing on stdout, no stack trace). */
type Case = readonly [args: readonly string[], line: string | RegExp];

// Each call is a fresh process compiling TypeScript through tsx: seconds each on a loaded machine.
describe('mir CLI, given wrong input (real processes)', { timeout: 240_000 }, () => {
  let root: string;
  let ledger: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mir-cli-errors-'));
    ledger = join(root, 'ledger');
    await (await openEmbeddedLedger(resolveDataDirectory(ledger))).ledger.close();
    writeFileSync(join(root, 'a-file'), 'not a directory');
    mkdirSync(join(root, 'empty'));
    mkdirSync(join(root, 'junk'));
    writeFileSync(join(root, 'junk', 'ledger.db'), 'not a database, but long enough to be read as one');
    mkdirSync(join(root, 'uninitialised'));
    await openSqliteEventLog(join(root, 'uninitialised', 'ledger.db')).close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('then each answers one line naming the path or value at fault, and exits 2', async () => {
    const missing = join(root, 'missing');
    const cases: Case[] = [
      [
        ['verify', '--data', missing],
        `mir: DATA_DIR_NOT_FOUND: no data directory at ${missing} (give --data DIR or MIR_DATA_DIR; mir serve creates one)`,
      ],
      [
        ['checkpoint', '--now', '--data', missing],
        /^mir: DATA_DIR_NOT_FOUND: no data directory at .*\/missing /,
      ],
      [
        ['keys', 'list', '--data', join(root, 'a-file')],
        `mir: DATA_DIR_NOT_A_DIRECTORY: ${root}/a-file is not a directory (give --data a directory)`,
      ],
      [
        ['serve', '--data', join(root, 'a-file'), '--port', '0'],
        `mir: DATA_DIR_NOT_A_DIRECTORY: ${root}/a-file is not a directory (give --data a directory)`,
      ],
      [
        ['tenant', 'status', 'acme', '--data', join(root, 'empty')],
        `mir: LEDGER_NOT_FOUND: no ledger in ${root}/empty (${root}/empty/ledger.db is missing): start mir serve on it once`,
      ],
      [['rebuild', '--data', join(root, 'empty')], /^mir: LEDGER_NOT_FOUND: no ledger in .*\/empty /],
      [
        ['keys', 'create', '--role', 'app', '--tenant', 't', '--data', join(root, 'junk')],
        /^mir: STORAGE_CORRUPT: .*\/junk\/ledger\.db: /,
      ],
      [
        ['keys', 'list', '--data', join(root, 'uninitialised')],
        `mir: LEDGER_NOT_INITIALISED: the ledger ${root}/uninitialised/ledger.db has no genesis event yet: start mir serve on it once`,
      ],
      [
        ['serve', '--port', 'abc', '--data', join(root, 'served')],
        'mir: CONFIG_INVALID: port must be an integer from 0 to 65535, got "abc"',
      ],
      [
        ['keys', 'create', '--role', 'boss', '--tenant', 't', '--data', ledger],
        /^mir: option '--role <role>' argument 'boss' is invalid\. Allowed choices are auditor, app, reviewer, admin\./,
      ],
      [['verify', '--bogus'], "mir: unknown option '--bogus' (see --help)"],
      [['nope'], "mir: unknown command 'nope' (see --help)"],
      [
        ['models', 'add', join(root, 'm.onnx'), '--name', 'm', '--version', '1', '--data', ledger],
        `mir: FILE_UNREADABLE: cannot read model file ${root}/m.onnx: no such file`,
      ],
      [
        ['verify', '--trusted-checkpoint', join(root, 'empty'), '--data', ledger],
        `mir: FILE_UNREADABLE: cannot read --trusted-checkpoint ${root}/empty: it is a directory`,
      ],
      [
        ['keys', 'revoke', 'no-such-key', '--data', ledger],
        'mir: KEY_NOT_FOUND: API key no-such-key not found',
      ],
    ];
    const results = [];
    for (let i = 0; i < cases.length; i += 4)
      results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => runMir(args)))));
    const answered = results.map(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
    expect(answered).toEqual(
      cases.map(([, line]) => ({
        code: 2,
        stdout: '',
        stderr:
          typeof line === 'string'
            ? `${line}\n`
            : (expect.stringMatching(new RegExp(`${line.source}[^\\n]*\\n$`)) as unknown),
      })),
    );
  });
});
