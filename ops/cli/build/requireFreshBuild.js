// Preloaded by `npm start` and `npm run mir` (`node --import`): refuses to run a missing or stale dist/ rather
// than serving yesterday's code. Installing builds (the `prepare` script); after editing or pulling sources, run
// `npm run build`. Paths are relative to the working directory, which npm sets to the package folder.
import { statSync } from 'node:fs';
import process from 'node:process';
import { BUILD_STAMP, newestSource } from './buildStamp.js';

function refuse(message) {
  process.stderr.write(`mir: ${message}: run \`npm run build\` first\n`);
  process.exit(1);
}

let builtAt;
try {
  builtAt = statSync(BUILD_STAMP).mtimeMs;
} catch {
  refuse(`no complete build in ${process.cwd()}/dist (${BUILD_STAMP} is missing)`);
}
const newest = newestSource(process.cwd());
if (newest !== null && newest.mtimeMs > builtAt)
  refuse(`dist/ is older than its sources (${newest.path} changed after the last build)`);
