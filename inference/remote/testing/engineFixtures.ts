import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionRequest, EngineEndpoint } from '../../../domain/index.js';
import { createOpenAiCompatibleEngine } from '../openAiCompatibleEngine.js';

/** The engine as tests use it: quick retries, no jitter (the waits are not what the tests check). */
export const quickEngine = createOpenAiCompatibleEngine({ initialBackoffMs: 5, random: () => 0 });

/** An endpoint on `baseUrl` with test-sized limits. */
export function endpointOn(baseUrl: string, overrides: Partial<EngineEndpoint> = {}): EngineEndpoint {
  return {
    name: 'peer',
    baseUrl,
    model: 'peer-model',
    apiKeyFile: null,
    timeoutMs: 2000,
    maxRetries: 2,
    ...overrides,
  };
}

/** A one-message chat request on `endpoint`. */
export function chatRequest(
  endpoint: EngineEndpoint,
  overrides: Partial<CompletionRequest> = {},
): CompletionRequest {
  return {
    endpoint,
    messages: [{ role: 'user', content: 'Tell me about the lighthouse keeper and the storm' }],
    parameters: {},
    idempotencyKey: 'completion-1',
    ...overrides,
  };
}

/** A temporary folder for key files; `dispose()` removes it. */
export async function keyFolder(): Promise<{
  write(name: string, content: string, mode: number): Promise<string>;
  readonly path: string;
  dispose(): Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), 'mir-engine-keys-'));
  return {
    path,
    async write(name, content, mode) {
      const file = join(path, name);
      await writeFile(file, content, { mode });
      return file;
    },
    dispose: () => rm(path, { recursive: true, force: true }),
  };
}
