import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCompletionError } from '../../domain/index.js';
import { checkSecretFile, readSecretFile } from './secretFile.js';
import { startOpenAiCompatiblePeer } from './testing/openAiCompatiblePeer.js';
import { chatRequest, endpointOn, keyFolder, quickEngine } from './testing/engineFixtures.js';

async function refusal(call: Promise<unknown>) {
  const error: unknown = await call.then(
    () => new Error('accepted'),
    (reason: unknown) => reason,
  );
  if (!isCompletionError(error)) throw error;
  return error;
}

describe('API key files', () => {
  let keys: Awaited<ReturnType<typeof keyFolder>>;
  beforeEach(async () => {
    keys = await keyFolder();
  });
  afterEach(() => keys.dispose());

  it('given a 0600 file, when read, then the key without its line end', async () => {
    const file = await keys.write('key', '  sk-live-123\n', 0o600);
    await expect(readSecretFile(file, 'openai')).resolves.toBe('sk-live-123');
    await expect(checkSecretFile(file)).resolves.toBeUndefined();
  });

  it('given a link to a 0400 file (how mounted secrets look), when read, then the key', async () => {
    const target = await keys.write('target', 'sk-linked', 0o400);
    const link = join(keys.path, 'link');
    await symlink(target, link);
    await expect(readSecretFile(link)).resolves.toBe('sk-linked');
  });

  it.each([
    ['group-readable', 0o640, 'readable or writable by group or others'],
    ['world-readable', 0o604, 'readable or writable by group or others'],
  ])(
    'given a %s file, when checked, then ENGINE_SECRET_UNREADABLE naming the reason',
    async (_name, mode, reason) => {
      const file = await keys.write('key', 'sk-exposed', mode);
      const error = await refusal(checkSecretFile(file, 'openai'));
      expect(error.code).toBe('ENGINE_SECRET_UNREADABLE');
      expect(error.details).toEqual({ engine: 'openai', file, reason });
      expect(JSON.stringify(error.details) + error.message + (error.stack ?? '')).not.toContain('sk-exposed');
    },
  );

  it('given a missing file, a folder, a FIFO (never blocks) and an empty file, when checked, then each reason', async () => {
    const folder = join(keys.path, 'folder');
    await mkdir(folder, { mode: 0o700 });
    const empty = await keys.write('empty', '\n', 0o600);
    const fifo = join(keys.path, 'fifo');
    execFileSync('mkfifo', ['-m', '600', fifo]);
    const reasons = await Promise.all(
      [join(keys.path, 'absent'), folder, fifo, empty].map(
        async (file) => (await refusal(checkSecretFile(file))).details.reason,
      ),
    );
    expect(reasons).toEqual(['missing', 'not a regular file', 'not a regular file', 'empty']);
  });

  it('given a completion whose key file is refused, then ENGINE_SECRET_UNREADABLE and nothing is sent', async () => {
    const peer = await startOpenAiCompatiblePeer();
    try {
      const apiKeyFile = await keys.write('key', 'sk-open', 0o644);
      const error = await refusal(
        quickEngine.complete(chatRequest(endpointOn(peer.baseUrl, { apiKeyFile }))),
      );
      expect(error.code).toBe('ENGINE_SECRET_UNREADABLE');
      expect(peer.requests).toHaveLength(0);
    } finally {
      await peer.close();
    }
  });

  it('given a key the endpoint refuses and echoes back, when every kind of failure happens, then the key is in no error', async () => {
    const secret = 'sk-proj-VERY-SECRET-0123456789';
    const peer = await startOpenAiCompatiblePeer({ apiKey: 'sk-the-right-one' });
    try {
      const apiKeyFile = await keys.write('key', secret, 0o600);
      const endpoint = endpointOn(peer.baseUrl, { apiKeyFile, maxRetries: 0, timeoutMs: 200 });
      const failures = [
        await refusal(quickEngine.complete(chatRequest(endpoint))),
        await refusal(quickEngine.embed({ endpoint, inputs: ['x'], idempotencyKey: 'e' })),
      ];
      for (const fault of [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 400 },
        { kind: 'garbage' },
        { kind: 'hang' },
      ] as const) {
        peer.script(fault);
        failures.push(await refusal(quickEngine.complete(chatRequest(endpoint))));
      }
      expect(failures.map((error) => error.code)).toEqual([
        'ENGINE_AUTH_FAILED',
        'ENGINE_AUTH_FAILED',
        'ENGINE_UNAVAILABLE',
        'ENGINE_REQUEST_REJECTED',
        'ENGINE_BAD_RESPONSE',
        'ENGINE_TIMEOUT',
      ]);
      expect(peer.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`);
      for (const error of failures) {
        const visible = [
          error.message,
          JSON.stringify(error.details),
          error.stack ?? '',
          JSON.stringify(error.cause ?? null),
        ];
        expect(visible.join('\n')).not.toContain(secret);
      }
    } finally {
      await peer.close();
    }
  });
});
