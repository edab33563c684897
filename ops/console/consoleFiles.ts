import { join } from 'node:path';
import { mirPackageRoot } from '../cli/packageVersion.js';

/** Where `npm run build` (and `npm run build:console`) writes the console, relative to MIR's package folder. */
export const CONSOLE_DIR_PATH = join('dist', 'console');

/** The built console of the MIR package this code belongs to (it may not exist: nothing was built). */
export function consoleDir(root: string = mirPackageRoot()): string {
  return join(root, CONSOLE_DIR_PATH);
}

/**
 * The console's Content-Security-Policy: its own scripts, styles, fonts and images, requests to its own origin
 * (GraphQL over HTTP and SSE), `blob:` downloads of evidence bundles; no inline script, nothing from elsewhere, no
 * framing.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
