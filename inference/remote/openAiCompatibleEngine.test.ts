import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiCompatiblePeer, type OpenAiCompatiblePeer } from './testing/openAiCompatiblePeer.js';
import { chatRequest, endpointOn, keyFolder, quickEngine } from './testing/engineFixtures.js';

const PROMPT = 'Tell me about the lighthouse keeper and the storm';

describe('the OpenAI-compatible engine against the peer', () => {
  let peer: OpenAiCompatiblePeer;
  beforeEach(async () => {
    peer = await startOpenAiCompatiblePeer({ reportedModel: 'peer-model-2026-01' });
  });
  afterEach(() => peer.close());

  it('given a chat request, when completed, then the answer, usage, reported model and one attempt come back', async () => {
    const response = await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl)));
    expect(response).toMatchObject({
      content: `${PROMPT.length} characters, 9 words: ${PROMPT}`,
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 9, completionTokens: 13, totalTokens: 22 },
      model: 'peer-model-2026-01',
      attempts: 1,
    });
    expect(response.latencyMs).toBeGreaterThan(0);
    const [received] = peer.requests;
    expect(received?.path).toBe('/v1/chat/completions');
    expect(received?.headers['idempotency-key']).toBe('completion-1');
    expect(received?.body).toEqual({
      model: 'peer-model',
      messages: [{ role: 'user', content: PROMPT }],
    });
  });

  it('given no key file, when a request is sent, then it carries no Authorization header at all', async () => {
    await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl)));
    expect(peer.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('given parameters, tools and a tool conversation, when sent, then the body has them in the API shape', async () => {
    await quickEngine.complete(
      chatRequest(endpointOn(peer.baseUrl), {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Oslo"}' }],
          },
          { role: 'tool', content: '{"sky":"grey"}', toolCallId: 'c1' },
        ],
        tools: [{ name: 'weather', description: 'Looks it up', parameters: { type: 'object' } }],
        parameters: { temperature: 0.2, topP: 0.9, maxTokens: 50, stop: ['END'], seed: 7 },
      }),
    );
    expect(peer.requests[0]?.body).toEqual({
      model: 'peer-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: 'tool', content: '{"sky":"grey"}', tool_call_id: 'c1' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'weather', description: 'Looks it up', parameters: { type: 'object' } },
        },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 50,
      stop: ['END'],
      seed: 7,
    });
  });

  it('given max_tokens below the reply, when completed, then the reply is cut with finish reason length', async () => {
    const response = await quickEngine.complete(
      chatRequest(endpointOn(peer.baseUrl), { parameters: { maxTokens: 3 } }),
    );
    expect(response).toMatchObject({ content: `${PROMPT.length} characters, 9`, finishReason: 'length' });
  });

  it('given onDelta, when streamed, then the deltas arrive in order and join to the non-streamed answer', async () => {
    const whole = await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl)));
    const deltas: string[] = [];
    const streamed = await quickEngine.complete(
      chatRequest(endpointOn(peer.baseUrl), { onDelta: (text) => deltas.push(text) }),
    );
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(whole.content);
    expect({ ...streamed, latencyMs: 0 }).toEqual({ ...whole, latencyMs: 0 });
    expect(peer.requests[1]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('given a request with embeddings, when embedded, then vectors come back in input order', async () => {
    const inputs = ['alpha', 'beta', 'gamma'];
    const reversed = await startOpenAiCompatiblePeer({ reverseEmbeddings: true, embeddingDimension: 4 });
    try {
      const endpoint = endpointOn(reversed.baseUrl);
      const all = await quickEngine.embed({ endpoint, inputs, idempotencyKey: 'embed-1' });
      const single = await quickEngine.embed({ endpoint, inputs: ['gamma'], idempotencyKey: 'embed-2' });
      expect(all.vectors).toHaveLength(3);
      expect(all.vectors[2]).toEqual(single.vectors[0]);
      expect(all.vectors[0]).not.toEqual(all.vectors[2]);
      expect(all.usage).toEqual({ promptTokens: 3, completionTokens: 0, totalTokens: 3 });
      expect(reversed.requests[0]?.body).toMatchObject({ encoding_format: 'float', input: inputs });
      expect(reversed.requests[0]?.headers['idempotency-key']).toBe('embed-1');
    } finally {
      await reversed.close();
    }
  });
});

describe('tool calls', () => {
  it('given a scripted tool call, when completed streamed and not, then both give the same call', async () => {
    const toolCall = { name: 'lookup', arguments: '{"query": "the tides at dawn"}' };
    const peer = await startOpenAiCompatiblePeer({ reply: { toolCall } });
    try {
      const request = chatRequest(endpointOn(peer.baseUrl));
      const whole = await quickEngine.complete(request);
      const streamed = await quickEngine.complete({ ...request, onDelta: () => undefined });
      expect(whole.toolCalls).toEqual([{ id: 'call_0', ...toolCall }]);
      expect(whole.finishReason).toBe('tool_calls');
      expect(streamed.toolCalls).toEqual(whole.toolCalls);
    } finally {
      await peer.close();
    }
  });
});

describe('API keys', () => {
  it('given a key file the peer accepts, when called, then the key is sent as a bearer token', async () => {
    const keys = await keyFolder();
    const peer = await startOpenAiCompatiblePeer({ apiKey: 'sk-test-accepted' });
    try {
      const apiKeyFile = await keys.write('key', 'sk-test-accepted\n', 0o600);
      await quickEngine.complete(chatRequest(endpointOn(peer.baseUrl, { apiKeyFile })));
      expect(peer.requests[0]?.headers.authorization).toBe('Bearer sk-test-accepted');
    } finally {
      await peer.close();
      await keys.dispose();
    }
  });
});
