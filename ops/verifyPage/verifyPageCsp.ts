/**
 * The page's Content-Security-Policy: its own inline script and style, `data:` images, nothing else: no fetch, no
 * external script, style, font or frame, no form submission. The page carries it in a meta tag (so it holds from
 * `file://` too); `/verify` also sends it as a header, with `frame-ancestors 'none'`, which only a header can set.
 */
export const VERIFY_PAGE_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
