import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { mirPackageRoot } from '../../cli/packageVersion.js';
import { VERIFY_PAGE_CSP } from '../verifyPageCsp.js';

/** The page's sources, relative to MIR's package folder. */
const PAGE_DIR = join('ops', 'verifyPage', 'page');

/**
 * The offline verifier page as one self-contained HTML file: the template `page/verifyPage.html` with the CSP,
 * `page/verifyPage.css` and the bundled script of `page/main.ts` (tweetnacl and the portable verifier included)
 * inlined, so it needs no server and loads nothing. Deterministic: the same sources give the same bytes (esbuild
 * runs from the package folder, so no absolute path reaches the output; no time or random value is written).
 *
 * Throws when the script or style would end its element early (`</script`, `<!--`, `</style` in them).
 */
export async function buildVerifyPage(root: string = mirPackageRoot()): Promise<string> {
  const template = readFileSync(join(root, PAGE_DIR, 'verifyPage.html'), 'utf8');
  const style = readFileSync(join(root, PAGE_DIR, 'verifyPage.css'), 'utf8');
  const script = await bundleScript(root);
  refuseInside('style', style, /<\/style/i);
  refuseInside('script', script, /<\/script|<!--/i);
  const page = fill(
    fill(fill(template, '"MIR:CSP"', `"${VERIFY_PAGE_CSP}"`), '/*MIR:STYLE*/', style.trim()),
    '/*MIR:SCRIPT*/',
    script.trim(),
  );
  return page;
}

async function bundleScript(root: string): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined || result.outputFiles.length !== 1)
    throw new Error(`esbuild wrote ${result.outputFiles.length} files for the verifier page, expected one`);
  return output.text;
}

/** `template` with its one `marker` replaced by `value` (taken literally: `$` patterns mean nothing here). */
function fill(template: string, marker: string, value: string): string {
  const at = template.indexOf(marker);
  if (at < 0 || template.indexOf(marker, at + 1) >= 0)
    throw new Error(`the verifier page template must hold ${marker} exactly once`);
  return template.slice(0, at) + value + template.slice(at + marker.length);
}

function refuseInside(element: string, text: string, closing: RegExp): void {
  const found = closing.exec(text);
  if (found !== null)
    throw new Error(
      `the verifier page's ${element} holds "${found[0]}", which would end its <${element}> early`,
    );
}
