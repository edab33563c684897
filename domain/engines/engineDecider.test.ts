import { describe, expect, it } from 'vitest';
import { decideEngineRegistration } from './engineDecider.js';
import { normalizeEngineRegistration } from './engineDefinition.js';
import type { EngineRegistration } from './engineDefinition.js';
import type { RegisteredEngine } from './engineEvents.js';

const registration: EngineRegistration = {
  name: 'ollama.local',
  kind: 'openai-compatible',
  baseUrl: 'http://127.0.0.1:11434/v1/',
  model: 'llama3.2',
  apiKeyFile: null,
  locality: 'local',
  timeoutMs: 30_000,
  maxRetries: 2,
};
const recorded = (revision: number, overrides: Partial<RegisteredEngine> = {}): RegisteredEngine => ({
  ...normalizeEngineRegistration(registration),
  revision,
  version: String(revision),
  tenant: 'acme',
  registeredAt: '2026-12-03T12:00:00.000Z',
  position: 7,
  ...overrides,
});

describe('engine registration', () => {
  it('given a definition, when normalised, then the base URL loses its trailing slash and the rest is kept', () => {
    expect(normalizeEngineRegistration(registration)).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1' });
  });

  it.each([
    ['a base URL with user info', { baseUrl: 'https://me:sk-secret@api.example.com/v1' }, 'baseUrl'],
    ['a base URL that is not http(s)', { baseUrl: 'file:///etc/passwd' }, 'baseUrl'],
    ['a relative key file', { apiKeyFile: 'keys/openai.key' }, 'apiKeyFile'],
    ['a name with capitals', { name: 'Ollama' }, 'name'],
    ['an unknown locality', { locality: 'edge' }, 'locality'],
    ['a negative retry count', { maxRetries: -1 }, 'maxRetries'],
  ])(
    'given %s, when normalised, then ENGINE_INVALID names the field and echoes no credential',
    (_what, change, field) => {
      const attempt = () => normalizeEngineRegistration({ ...registration, ...change } as EngineRegistration);
      let thrown: unknown = null;
      try {
        attempt();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'ENGINE_INVALID', details: { field } });
      expect(JSON.stringify(thrown) + String(thrown)).not.toContain('sk-secret');
    },
  );

  it('given no engine of that name, when registered, then revision 1', () => {
    const decision = decideEngineRegistration(null, normalizeEngineRegistration(registration));
    expect(decision).toMatchObject({
      kind: 'register',
      event: { type: 'EngineRegistered', data: { revision: 1 } },
    });
  });

  it('given the same definition as the latest revision, when registered, then unchanged', () => {
    const latest = recorded(3);
    expect(decideEngineRegistration(latest, normalizeEngineRegistration(registration))).toEqual({
      kind: 'unchanged',
      engine: latest,
    });
  });

  it('given a changed model, when registered, then the next revision supersedes the latest', () => {
    const changed = normalizeEngineRegistration({ ...registration, model: 'qwen2.5' });
    expect(decideEngineRegistration(recorded(3), changed)).toMatchObject({
      kind: 'register',
      event: { data: { revision: 4, model: 'qwen2.5' } },
    });
  });
});
