import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * MIR's version from its package.json, found by walking up from this file (it sits at a different depth in the
 * sources and in dist/). Throws when no package.json named "mir" is above it, which only a broken install causes.
 */
export function packageVersion(from: string = import.meta.dirname): string {
  return findMirPackage(from).version;
}

/**
 * The folder holding MIR's package.json (the repository root, or the installed package's folder), found the same
 * way as {@link packageVersion}; the built verifier page and other build outputs are found from it.
 */
export function mirPackageRoot(from: string = import.meta.dirname): string {
  return findMirPackage(from).root;
}

function findMirPackage(from: string): { root: string; version: string } {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === 'mir' && typeof manifest.version === 'string')
        return { root: dir, version: manifest.version };
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of mir above ${from}`);
  }
}
