import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

type FetchApi = Parameters<NonNullable<Plugin['onRequestParse']>>[0]['fetchAPI'];

export interface RequestBodyLimitOptions {
  /** Largest body of every request but a multipart one (JSON, GraphQL strings, forms). */
  readonly standard: number;
  /** Largest multipart/form-data body (a file upload and its operation). */
  readonly multipart: number;
  /**
   * Called with the Authorization header before a multipart body is read; throws (401/403) for callers that may
   * not upload, so that nobody else can make the server buffer an upload-sized body.
   */
  readonly admitUpload: (authorization: string | null) => Promise<void>;
}

/**
 * Body limits by kind of request, in place of Yoga's single `maxRequestBodySize` (turned off: this plugin is the
 * one body limit). As Yoga's: a malformed Content-Length is answered 400 and one over the limit 413, before
 * anything is read; a body without one (chunked) is cut off with 413 as soon as it passes the limit, also in the
 * middle of a multipart part. Register it after every plugin that adds a request parser, so it wraps the chosen one.
 */
export function useRequestBodyLimits(options: RequestBodyLimitOptions): Plugin {
  return {
    async onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const multipart = isMultipart(request);
      if (multipart) await options.admitUpload(request.headers.get('authorization'));
      const limit = multipart ? options.multipart : options.standard;
      checkContentLength(request.headers.get('content-length'), limit);
      if (requestParser === undefined || request.body === null) return;
      setRequestParser(async (incoming) => {
        const limited = withBodyLimit(incoming, limit, fetchAPI);
        try {
          return await requestParser(limited.request);
        } catch (error) {
          // Parsers wrap stream errors in their own (the multipart parser answers 400): the limit is the cause.
          throw limited.exceeded() ? tooLarge(limit) : error;
        }
      });
    },
  };
}

function isMultipart(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return request.method === 'POST' && type.toLowerCase().startsWith('multipart/form-data');
}

/** Only one non-negative integer is a Content-Length; anything else (lists, signs) could hide a smuggled body. */
function checkContentLength(declared: string | null, limit: number): void {
  if (declared === null) return;
  if (!/^\d+$/.test(declared))
    throw createGraphQLError('Content-Length header is invalid.', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  if (Number(declared) > limit) throw tooLarge(limit);
}

function tooLarge(limit: number) {
  return createGraphQLError(`Request body too large: the limit is ${limit} bytes`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** The same request with a body that errors once more than `limit` bytes have passed. */
function withBodyLimit(request: Request, limit: number, fetchApi: FetchApi) {
  let read = 0;
  const exceeded = () => read > limit;
  const body = request.body;
  if (body === null) return { request, exceeded };
  // A native body must go through the native TransformStream, a ponyfill body through the ponyfill's.
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchApi.TransformStream;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (exceeded()) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  const init = { method: request.method, headers: request.headers, signal: request.signal, body: limited };
  return { request: new fetchApi.Request(request.url, { ...init, duplex: 'half' } as RequestInit), exceeded };
}
