// `node ops/cli/build/markBuild.js begin|end`, run by `npm run build` around tsc (see buildStamp.js).
import { chmodSync, closeSync, mkdirSync, openSync, renameSync } from 'node:fs';
import process from 'node:process';
import { BUILD_STAMP, PENDING_STAMP } from './buildStamp.js';

if (process.argv[2] === 'begin') {
  mkdirSync('dist', { recursive: true });
  closeSync(openSync(PENDING_STAMP, 'w'));
} else if (process.argv[2] === 'end') {
  chmodSync('dist/ops/cli/mir.js', 0o755);
  renameSync(PENDING_STAMP, BUILD_STAMP);
} else {
  process.stderr.write('usage: node ops/cli/build/markBuild.js begin|end\n');
  process.exitCode = 2;
}
