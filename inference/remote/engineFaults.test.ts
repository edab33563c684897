import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCompletionError, type CompletionError } from '../../domain/index.js';
import { startOpenAiCompatiblePeer, type OpenAiCompatiblePeer } from './testing/openAiCompatiblePeer.js';
import { chatRequest, endpointOn, quickEngine } from './testing/engineFixtures.js';
import { createOpenAiCompatibleEngine } from './openAiCompatibleEngine.js';

/** The CompletionError a call failed with (the test fails if it resolved or failed otherwise). */
async function failure(call: Promise<unknown>): Promise<CompletionError> {
  const error: unknown = await call.then(
    () => new Error('the call succeeded'),
    (reason: unknown) => reason,
  );
  if (!isCompletionError(error)) throw error;
  return error;
}

describe('engine faults', () => {
  let peer: OpenAiCompatiblePeer;
  beforeEach(async () => {
    peer = await startOpenAiCompatiblePeer();
  });
  afterEach(() => peer.close());

  const keys = () => peer.requests.map((request) => request.headers['idempotency-key']);

  it('given 503 then success, when called, then it retries with the same idempotency key and counts 2 attempts', async () => {
    peer.script({ kind: 'status', status: 503 });
    const response = await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl)));
    expect(response.attempts).toBe(2);
    expect(keys()).toEqual(['completion-1', 'completion-1']);
  });

  it.each([500, 502, 503])(
    'given %i on every attempt, then ENGINE_UNAVAILABLE after 1 + maxRetries attempts',
    async (status) => {
      peer.script({ kind: 'status', status }, 3);
      const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
      expect(error.code).toBe('ENGINE_UNAVAILABLE');
      expect(error.details).toMatchObject({ engine: 'peer', attempts: 3, status, type: 'server_error' });
      expect(keys()).toEqual(['completion-1', 'completion-1', 'completion-1']);
    },
  );

  it.each([
    [408, 'ENGINE_TIMEOUT'],
    [409, 'ENGINE_UNAVAILABLE'],
  ])('given %i on every attempt, then it is retried and ends as %s', async (status, code) => {
    peer.script({ kind: 'status', status }, 3);
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ attempts: 3, status });
  });

  it('given 429 with a short retry-after on every attempt, then ENGINE_RATE_LIMITED after all attempts', async () => {
    peer.script({ kind: 'status', status: 429, retryAfter: '0' }, 3);
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_RATE_LIMITED');
    expect(error.details).toMatchObject({ attempts: 3, status: 429, code: 'rate_limit_exceeded' });
  });

  it('given 429 asking for longer than the cap, then it is not retried', async () => {
    peer.script({ kind: 'status', status: 429, retryAfter: '3600' });
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_RATE_LIMITED');
    expect(error.details.attempts).toBe(1);
  });

  it('given 401, then ENGINE_AUTH_FAILED at once', async () => {
    peer.script({ kind: 'status', status: 401 });
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_AUTH_FAILED');
    expect(error.details).toMatchObject({ attempts: 1, status: 401, code: 'invalid_api_key' });
  });

  it('given 400, then ENGINE_REQUEST_REJECTED with the status, type, code and a short excerpt', async () => {
    peer.script({ kind: 'status', status: 400 });
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_REQUEST_REJECTED');
    expect(error.details).toEqual({
      engine: 'peer',
      attempts: 1,
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_request',
      message: 'scripted failure (400)',
    });
  });

  it('given an endpoint that hangs, then ENGINE_TIMEOUT after every attempt timed out', async () => {
    peer.script({ kind: 'hang' }, 2);
    const endpoint = endpointOn(peer.baseUrl, { timeoutMs: 150, maxRetries: 1 });
    const error = await failure(quickEngine.complete(chatRequest(endpoint)));
    expect(error.code).toBe('ENGINE_TIMEOUT');
    expect(error.details.attempts).toBe(2);
    expect(peer.requests).toHaveLength(2);
  });

  it('given a delay longer than the timeout once, then the retry answers', async () => {
    peer.script({ kind: 'delay', ms: 600 });
    const endpoint = endpointOn(peer.baseUrl, { timeoutMs: 200 });
    const response = await quickEngine.complete(chatRequest(endpoint));
    expect(response.attempts).toBe(2);
  });

  it('given a JSON body that stalls half-way beyond the timeout, then ENGINE_TIMEOUT (the deadline covers the body)', async () => {
    peer.script({ kind: 'slow', ms: 1000 });
    const endpoint = endpointOn(peer.baseUrl, { timeoutMs: 200, maxRetries: 0 });
    const error = await failure(quickEngine.complete(chatRequest(endpoint)));
    expect(error.code).toBe('ENGINE_TIMEOUT');
  });

  it.each([
    ['an HTML page', {}],
    ['JSON that is not JSON', { contentType: 'application/json', body: '{"choices": [' }],
    ['JSON without choices', { contentType: 'application/json', body: '{"object":"chat.completion"}' }],
  ])('given 200 with %s, then ENGINE_BAD_RESPONSE without retry', async (_name, garbage) => {
    peer.script({ kind: 'garbage', ...garbage });
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_BAD_RESPONSE');
    expect(error.details.attempts).toBe(1);
  });

  it('given a non-streamed body cut half-way, then ENGINE_BAD_RESPONSE', async () => {
    peer.script({ kind: 'cut' });
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(peer.baseUrl))));
    expect(error.code).toBe('ENGINE_BAD_RESPONSE');
  });

  it('given a stream cut before its finish, then ENGINE_BAD_RESPONSE after the first deltas, not retried', async () => {
    peer.script({ kind: 'cut' });
    const deltas: string[] = [];
    const request = chatRequest(endpointOn(peer.baseUrl), { onDelta: (text) => deltas.push(text) });
    const error = await failure(quickEngine.complete(request));
    expect(error.code).toBe('ENGINE_BAD_RESPONSE');
    expect(error.details.attempts).toBe(1);
    expect(deltas.length).toBeGreaterThan(0);
  });

  it('given a slow stream within the idle timeout, then the whole answer arrives', async () => {
    peer.script({ kind: 'slow', ms: 30 });
    const deltas: string[] = [];
    const request = chatRequest(endpointOn(peer.baseUrl, { timeoutMs: 1000 }), {
      onDelta: (text) => deltas.push(text),
    });
    const response = await quickEngine.complete(request);
    expect(deltas.join('')).toBe(response.content);
    expect(response.finishReason).toBe('stop');
  });

  it('given a stream idle longer than the timeout before any delta, then each attempt times out: ENGINE_TIMEOUT', async () => {
    peer.script({ kind: 'slow', ms: 800 }, 3);
    const request = chatRequest(endpointOn(peer.baseUrl, { timeoutMs: 200 }), { onDelta: () => undefined });
    const error = await failure(quickEngine.complete(request));
    expect(error.code).toBe('ENGINE_TIMEOUT');
    expect(error.details.attempts).toBe(3);
  });

  it('given a stream idle once before any delta, then the retry streams the answer', async () => {
    peer.script({ kind: 'slow', ms: 800 });
    const deltas: string[] = [];
    const request = chatRequest(endpointOn(peer.baseUrl, { timeoutMs: 200 }), {
      onDelta: (text) => deltas.push(text),
    });
    const response = await quickEngine.complete(request);
    expect(response.attempts).toBe(2);
    expect(deltas.join('')).toBe(response.content);
  });

  it('given a stream that stalls after deltas were passed on, then ENGINE_TIMEOUT without a retry (it would repeat them)', async () => {
    peer.script({ kind: 'slow', ms: 800, fromChunk: 3 }, 3);
    const deltas: string[] = [];
    const request = chatRequest(endpointOn(peer.baseUrl, { timeoutMs: 200 }), {
      onDelta: (text) => deltas.push(text),
    });
    const error = await failure(quickEngine.complete(request));
    expect(error.code).toBe('ENGINE_TIMEOUT');
    expect(error.details.attempts).toBe(1);
    expect(peer.requests).toHaveLength(1);
    expect(deltas).toHaveLength(2);
  });

  it('given a connection reset once, then the retry answers with the same idempotency key', async () => {
    peer.script({ kind: 'reset' });
    const response = await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl)));
    expect(response.attempts).toBe(2);
    expect(keys()).toEqual(['completion-1', 'completion-1']);
  });

  it('given an endpoint nobody listens on, then ENGINE_UNAVAILABLE after the retries', async () => {
    const closed = await startOpenAiCompatiblePeer();
    await closed.close();
    const error = await failure(quickEngine.complete(chatRequest(endpointOn(closed.baseUrl))));
    expect(error.code).toBe('ENGINE_UNAVAILABLE');
    expect(error.details.attempts).toBe(3);
  });

  it('given a hanging endpoint, when the caller aborts, then ENGINE_ABORTED', async () => {
    peer.script({ kind: 'hang' });
    const controller = new AbortController();
    const call = quickEngine.complete(chatRequest(endpointOn(peer.baseUrl), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = await failure(call);
    expect(error.code).toBe('ENGINE_ABORTED');
  });

  it('given a retry pending, when the caller aborts, then ENGINE_ABORTED without another attempt', async () => {
    peer.script({ kind: 'status', status: 503 });
    const slowRetries = createOpenAiCompatibleEngine({ initialBackoffMs: 60_000 });
    const controller = new AbortController();
    const call = slowRetries.complete(chatRequest(endpointOn(peer.baseUrl), { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = await failure(call);
    expect(error.code).toBe('ENGINE_ABORTED');
    expect(peer.requests).toHaveLength(1);
  });

  it('given a stream, when the caller aborts mid-way, then ENGINE_ABORTED', async () => {
    peer.script({ kind: 'slow', ms: 200 });
    const controller = new AbortController();
    const request = chatRequest(endpointOn(peer.baseUrl), {
      signal: controller.signal,
      onDelta: () => controller.abort(),
    });
    const error = await failure(quickEngine.complete(request));
    expect(error.code).toBe('ENGINE_ABORTED');
  });

  it('given embeddings and a 502 once, then the retry answers with 2 attempts', async () => {
    peer.script({ kind: 'status', status: 502 });
    const response = await quickEngine.embed({
      endpoint: endpointOn(peer.baseUrl),
      inputs: ['one'],
      idempotencyKey: 'embed-9',
    });
    expect(response.attempts).toBe(2);
    expect(keys()).toEqual(['embed-9', 'embed-9']);
  });
});
