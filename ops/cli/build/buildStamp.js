// Plain JavaScript on purpose: these run before (and to decide whether) TypeScript is built.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Written by `npm run build` when tsc succeeded; its mtime is when that build *began*. */
export const BUILD_STAMP = join('dist', '.build-stamp');
/** Written when a build begins, renamed to BUILD_STAMP when it succeeds (so an edit made mid-build counts). */
export const PENDING_STAMP = join('dist', '.build-stamp.pending');

/** What tsconfig.build.json compiles: keep these in step with its include and exclude lists. */
const SOURCE_FOLDERS = ['domain', 'ledger', 'projections', 'graphql', 'inference', 'ops'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];
/** The verifier page's sources (`npm run build:verify`): its template and style count, not only its TypeScript. */
const PAGE_FOLDER = 'ops/verifyPage/page/';

function compiled(path) {
  if (path.startsWith(PAGE_FOLDER)) return !path.endsWith('.test.ts');
  return (
    path.endsWith('.ts') &&
    !path.endsWith('.test.ts') &&
    !path.endsWith('.d.ts') &&
    !path.split('/').includes('testing') &&
    !path.startsWith('ops/bench/')
  );
}

/**
 * The newest file the build compiles, under `root` (the package folder): `{ path, mtimeMs }` relative to root,
 * or null when there is no source (an installed package ships dist/ only). One stat per file: milliseconds.
 */
export function newestSource(root) {
  let newest = null;
  const consider = (path) => {
    const mtimeMs = statSync(join(root, path)).mtimeMs;
    if (newest === null || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  for (const file of CONFIG_FILES) {
    try {
      consider(file);
    } catch {
      // Not there: nothing to compare.
    }
  }
  for (const folder of SOURCE_FOLDERS) {
    let entries;
    try {
      entries = readdirSync(join(root, folder), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
      if (entry.isFile() && compiled(path)) consider(path);
    }
  }
  return newest;
}
