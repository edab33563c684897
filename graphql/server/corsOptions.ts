import type { CORSOptions } from 'graphql-yoga';

/**
 * CORS for an explicit list of origins, nothing else. Yoga's defaults would reflect any Origin with credentials,
 * and its array handling echoes a single configured origin to everyone: instead, a listed Origin gets headers for
 * itself only, any other Origin (and every Origin when the list is empty) gets no CORS headers at all, so the
 * browser refuses to hand it the response. API keys travel in a header, never in cookies: no credentials.
 */
export function corsOptions(origins: readonly string[]): ((request: Request) => CORSOptions | false) | false {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'x-graphql-yoga-csrf'],
      maxAge: 600,
    };
  };
}
