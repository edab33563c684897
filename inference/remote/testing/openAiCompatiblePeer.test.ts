import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiCompatiblePeer, type OpenAiCompatiblePeer } from './openAiCompatiblePeer.js';

/** The official client, unconfigured beyond where and which key: proof the peer speaks the public API. */
describe('the peer, read by the official openai client', () => {
  let peer: OpenAiCompatiblePeer;
  let client: OpenAI;
  beforeEach(async () => {
    peer = await startOpenAiCompatiblePeer({ apiKey: 'sk-peer', reportedModel: 'served-model' });
    client = new OpenAI({ baseURL: peer.baseUrl, apiKey: 'sk-peer', maxRetries: 0 });
  });
  afterEach(() => peer.close());

  const messages = [{ role: 'user' as const, content: 'count these four words' }];

  it('reads a completion, and a stream whose pieces join to the same content with usage', async () => {
    const whole = await client.chat.completions.create({ model: 'asked-model', messages });
    expect(whole.choices[0]?.message.content).toBe('22 characters, 4 words: count these four words');
    expect(whole.model).toBe('served-model');
    expect(whole.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 8, total_tokens: 12 });

    const stream = await client.chat.completions.create({
      model: 'asked-model',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = '';
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(content).toBe(whole.choices[0]?.message.content);
    expect(finish).toBe('stop');
    expect(usage).toEqual(whole.usage);
  });

  it('reads embeddings in its default base64 encoding and the model list', async () => {
    const floats = await client.embeddings.create({ model: 'e', input: ['a b'], encoding_format: 'float' });
    const base64 = await client.embeddings.create({ model: 'e', input: ['a b'] });
    expect(floats.data[0]?.embedding).toHaveLength(8);
    const norm = Math.hypot(...(floats.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 9);
    base64.data[0]?.embedding.forEach((value, i) =>
      expect(value).toBeCloseTo(floats.data[0]?.embedding[i] ?? NaN, 6),
    );
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['peer-model']);
  });

  it('raises the client own typed errors for the peer error bodies', async () => {
    const wrongKey = new OpenAI({ baseURL: peer.baseUrl, apiKey: 'sk-wrong', maxRetries: 0 });
    await expect(wrongKey.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    peer.script({ kind: 'status', status: 429, retryAfter: '1' });
    await expect(client.chat.completions.create({ model: 'm', messages })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
    });
  });
});
