import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_PAGE_CSP } from '../verifyPageCsp.js';
import { verifyPageFile } from '../verifyPageFile.js';
import { buildVerifyPage } from './buildVerifyPage.js';

const REPO = join(import.meta.dirname, '..', '..', '..');

describe('buildVerifyPage (real esbuild over the real page sources)', () => {
  let page: string;
  beforeAll(async () => {
    page = await buildVerifyPage();
  });

  it('given the same sources, when built twice, then the bytes are identical', async () => {
    expect(await buildVerifyPage()).toBe(page);
  });

  it('then it is one HTML file: the CSP meta tag, one inline style, one inline script, no marker left', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${VERIFY_PAGE_CSP}" />`);
    expect(page.match(/<script\b[^>]*>/g)).toEqual(['<script>']);
    expect(page.match(/<style\b[^>]*>/g)).toEqual(['<style>']);
    expect(page).not.toContain('MIR:');
    expect(page).not.toContain(REPO);
  });

  it('then its markup names no resource outside itself: every src and href is a data: URL', () => {
    // The script's own traffic is what the Chromium tests watch; here, the markup around it.
    const markup = page.replace(/<script>[\s\S]*<\/script>|<style>[\s\S]*<\/style>/g, '');
    const references = [...markup.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map(
      (match) => match[1],
    );
    expect(references).toEqual(['data:,']);
    expect(page).not.toMatch(/@import|url\(/i);
  });

  it('then the page the server serves is dist/verify/verify.html of this package', () => {
    expect(verifyPageFile()).toBe(join(REPO, 'dist', 'verify', 'verify.html'));
  });
});

describe('buildVerifyPage refuses what would end its inline elements early', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mir-verify-build-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A package folder with the real template and the given style and script entry. */
  function sources(name: string, style: string, script: string): string {
    const dir = join(root, name);
    const pageDir = join(dir, 'ops', 'verifyPage', 'page');
    mkdirSync(pageDir, { recursive: true });
    cpSync(join(REPO, 'ops', 'verifyPage', 'page', 'verifyPage.html'), join(pageDir, 'verifyPage.html'));
    writeFileSync(join(pageDir, 'verifyPage.css'), style);
    writeFileSync(join(pageDir, 'main.ts'), script);
    return dir;
  }

  it('given a style holding </style>, when built, then it throws naming it', async () => {
    const dir = sources('style', 'p::after { content: "</style>"; }', 'document.title = "x";\n');
    await expect(buildVerifyPage(dir)).rejects.toThrow(/style holds "<\/style"/);
  });

  it('given a script holding <!--, when built, then it throws naming it', async () => {
    const dir = sources('script', 'p {}', 'document.title = "<!-- x";\n');
    await expect(buildVerifyPage(dir)).rejects.toThrow(/script holds "<!--"/);
  });

  it('given a script holding "</script>" in a string, then esbuild escapes it and the page builds', async () => {
    const dir = sources('escaped', 'p {}', 'document.title = "</script>";\n');
    const built = await buildVerifyPage(dir);
    expect(built.match(/<\/script/g)).toHaveLength(1);
  });
});
