import { join } from 'node:path';
import { build } from 'vite';

/** The console's sources (index.html is Vite's entry). */
export const CONSOLE_APP_DIR = join(import.meta.dirname, '..', 'app');

/**
 * Builds the console with Vite (Preact through esbuild's automatic JSX) into `outDir`, replacing what was there:
 * `index.html` plus hashed assets under `assets/`, served under `/console/`. Everything the page needs is in the
 * output (no CDN, no external font): the console works offline.
 */
export async function buildConsole(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: CONSOLE_APP_DIR,
    base: '/console/',
    logLevel: 'warn',
    publicDir: false,
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
    build: {
      outDir,
      emptyOutDir: true,
      assetsDir: 'assets',
      target: 'es2022',
      sourcemap: false,
      // The module preload polyfill would be an inline script, which the console's CSP forbids.
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
      // Inlined assets would be data: URLs; the CSP allows them for images only, so emit files instead.
      assetsInlineLimit: 0,
    },
  });
}
