import type { JsonObject, JsonValue } from '../../domain/index.js';
import { ToolError } from '../../domain/index.js';
import type { RuntimeToolContext } from './runtimeToolExecutor.js';

export interface HttpToolConfig {
  /** `host:port` pairs the tool may reach, matched exactly (`127.0.0.1:8080`, `api.example.com:443`). */
  readonly allowedHosts: readonly string[];
  /** Request headers passed through (lowercase). Default: accept, accept-language, content-type, user-agent. */
  readonly allowedHeaders?: readonly string[];
  /** Response bodies larger than this are refused (`TOOL_OUTPUT_TOO_LARGE`). Default 256 KiB. */
  readonly maxResponseBytes?: number;
  /** Redirects followed, each only to an allowed host. Default 3. */
  readonly maxRedirects?: number;
}

export interface HttpRequestArgs {
  readonly url: string;
  readonly headers?: { readonly [name: string]: string };
  readonly body?: string;
}

export const DEFAULT_HTTP_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'] as const;
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * One HTTP request through the allow-list, with Node's fetch. Refusals (`TOOL_NOT_ALLOWED`): a URL whose
 * `host:port` is not allow-listed (the port is explicit or the scheme's default), a scheme other than http(s),
 * credentials in the URL, a header outside `allowedHeaders` (so Authorization and Cookie pass only when
 * configured), a redirect to a host that is not allowed or past `maxRedirects`. Redirects are followed by hand
 * (`redirect: 'manual'`), each target checked like the first URL; 301/302/303 turn a POST into a GET without body.
 *
 * The allow-list matches names, not resolved addresses: a name that an attacker's DNS can point anywhere must not
 * be allow-listed.
 */
export async function performHttpRequest(
  method: 'GET' | 'POST',
  args: HttpRequestArgs,
  config: HttpToolConfig,
  context: RuntimeToolContext,
): Promise<JsonValue> {
  const allowedHosts = new Set(config.allowedHosts.map((host) => host.toLowerCase()));
  const headers = allowedRequestHeaders(args.headers ?? {}, config);
  let url = checkUrl(args.url, allowedHosts);
  let request = { method, body: method === 'POST' ? (args.body ?? '') : undefined };
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(url, { ...request, headers, redirect: 'manual', signal: context.signal });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return readResponse(response, config);
    await response.body?.cancel();
    if (redirects >= (config.maxRedirects ?? 3))
      throw notAllowed(`more than ${config.maxRedirects ?? 3} redirects`, { url: url.href });
    url = checkUrl(new URL(location, url).href, allowedHosts);
    if (response.status !== 307 && response.status !== 308) request = { method: 'GET', body: undefined };
  }
}

/** The `host:port` of an absolute http(s) URL, with the scheme's default port when none is written. */
export function hostAndPort(url: URL): string {
  return `${url.hostname}:${url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? '') : url.port}`;
}

function checkUrl(text: string, allowedHosts: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw notAllowed('the url is not an absolute URL', { url: text.slice(0, 200) });
  }
  if (!(url.protocol in DEFAULT_PORTS)) throw notAllowed('only http and https URLs', { url: url.href });
  if (url.username !== '' || url.password !== '')
    throw notAllowed('credentials in the url are not passed', { host: url.host });
  const host = hostAndPort(url);
  if (!allowedHosts.has(host)) throw notAllowed(`host ${host} is not allow-listed`, { host });
  return url;
}

function allowedRequestHeaders(
  headers: { readonly [name: string]: string },
  config: HttpToolConfig,
): Record<string, string> {
  const allowed = new Set((config.allowedHeaders ?? DEFAULT_HTTP_HEADERS).map((name) => name.toLowerCase()));
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!allowed.has(name.toLowerCase()))
      throw notAllowed(`header ${name} is not allow-listed`, { header: name });
    passed[name.toLowerCase()] = value;
  }
  return passed;
}

/** Reads the body up to the cap, stopping (and refusing) as soon as it is exceeded rather than buffering it all. */
async function readResponse(response: Response, config: HttpToolConfig): Promise<JsonObject> {
  const cap = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > cap) {
    await response.body?.cancel();
    throw tooLarge(cap, declared);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > cap) {
        await reader.cancel();
        throw tooLarge(cap, size);
      }
      chunks.push(value);
    }
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: new TextDecoder().decode(Buffer.concat(chunks)),
  };
}

function tooLarge(cap: number, size: number): ToolError {
  return new ToolError('TOOL_OUTPUT_TOO_LARGE', `the response is larger than ${cap} bytes`, {
    limit: cap,
    size,
  });
}

function notAllowed(reason: string, details: Record<string, string>): ToolError {
  return new ToolError('TOOL_NOT_ALLOWED', `http request refused: ${reason}`, { reason, ...details });
}
