import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { VERIFY_PAGE_CSP } from '../verifyPage/verifyPageCsp.js';
import { VERIFY_PAGE_PATH } from '../verifyPage/verifyPageFile.js';
import { jsonResponse, refuseUnlessRead } from './jsonResponse.js';

/** Headers of the page: strict CSP (the meta tag's, plus no framing), no sniffing, no referrer, revalidated. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `${VERIFY_PAGE_CSP}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

/**
 * `GET /verify`: the built offline verifier page, as the file is now (a rebuild shows at once). It holds no data,
 * so it needs no key. 503 naming `npm run build` when the page was never built; 405 for other methods than GET and
 * HEAD. Other read errors propagate (the server answers 500).
 */
export async function serveVerifyPage(
  method: string | undefined,
  pageFile: string,
  response: ServerResponse,
): Promise<void> {
  if (refuseUnlessRead(method, 'the verifier page', response)) return;
  let page: Buffer;
  try {
    page = await readFile(pageFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return jsonResponse(response, 503, {
      error: `the verifier page is not built (${VERIFY_PAGE_PATH} is missing): run \`npm run build\``,
    });
  }
  response.writeHead(200, { ...PAGE_HEADERS, 'content-length': String(page.length) });
  response.end(method === 'HEAD' ? undefined : page);
}
