import type { MirYoga } from '../server/createYogaServer.js';
import type { GraphqlResponse } from './graphqlRequest.js';

/**
 * Starts a subscription over Yoga's SSE in process and returns its first result (or the error response), then
 * cancels the stream. Fails after `timeoutMs` when nothing arrives.
 */
export async function firstSseResult(
  yoga: MirYoga,
  query: string,
  options: { authorization?: string | null; variables?: Record<string, unknown>; timeoutMs?: number } = {},
): Promise<GraphqlResponse> {
  const response = await yoga.fetch('http://mir.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(options.authorization == null ? {} : { authorization: options.authorization }),
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream') || response.body === null) {
    return { status: response.status, ...((await response.json()) as object) };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => void reader.cancel(new Error('timed out')), options.timeoutMs ?? 5000);
  let text = '';
  try {
    for (;;) {
      const match = /event: next\ndata: (.*)\n\n/.exec(text);
      if (match !== null) return { status: response.status, ...(JSON.parse(match[1]!) as object) };
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended without a result: ${text}`);
      text += chunk.value;
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel();
  }
}
