import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { storedEvent } from '../events/testing/storedEvent.js';
import type { ModelRegisteredData, RegisteredModel } from './modelEvents.js';
import { decideModelRegistration, registeredModelVersion } from './modelRegistrationDecider.js';

const data: ModelRegisteredData = {
  name: 'churn',
  version: '1',
  sha256: 'a'.repeat(64),
  size: 100,
  description: '',
  featurizer: null,
  inputs: [{ name: 'x', type: 'float32', shape: [null, 3] }],
  outputs: [{ name: 'y', type: 'float32', shape: [null, 1] }],
  opset: [{ domain: '', version: 17 }],
  irVersion: 8,
  producer: 'test',
};
const recorded: RegisteredModel = {
  ...data,
  tenant: 'acme',
  registeredAt: '2026-11-23T12:00:01.000Z',
  position: 11,
};

/** An event as the model's stream holds it at `revision`. */
const stored = (type: string, payload: object, revision: number, tenant = 'acme'): RecordedEvent =>
  storedEvent('model-acme:churn', type, payload, revision, tenant);

describe('model registration decider', () => {
  it('given no such version, when registered, then ModelRegistered with the data', () => {
    expect(decideModelRegistration(null, data)).toEqual({
      kind: 'register',
      event: { type: 'ModelRegistered', data },
    });
  });

  it('given the version with the same file, when registered again, then unchanged', () => {
    expect(decideModelRegistration(recorded, data)).toEqual({ kind: 'unchanged', model: recorded });
  });

  it('given the version with another file, when registered, then MODEL_VERSION_CONFLICT names both digests', () => {
    const other = { ...data, sha256: 'b'.repeat(64) };
    expect(() => decideModelRegistration(recorded, other)).toThrow(
      expect.objectContaining({
        code: 'MODEL_VERSION_CONFLICT',
        details: { name: 'churn', version: '1', registeredSha256: data.sha256, sha256: other.sha256 },
      }),
    );
  });
});

describe("a model's stream folded to one version", () => {
  it('given other versions and integrity violations only, then null', () => {
    const history = [
      stored('ModelRegistered', { ...data, version: '0' }, 0),
      stored('ModelIntegrityViolated', { name: 'churn', version: '1' }, 1),
    ];
    expect(registeredModelVersion(history, '1')).toBeNull();
  });

  it('given the version recorded twice, then the first wins, scoped to who recorded it', () => {
    const history = [
      stored('ModelRegistered', { ...data, version: '0' }, 0),
      stored('ModelRegistered', data, 1),
      stored('ModelRegistered', { ...data, sha256: 'b'.repeat(64) }, 2),
    ];
    expect(registeredModelVersion(history, '1')).toEqual(recorded);
  });

  it('given a shipped model (the system tenant recorded it), then its tenant is null', () => {
    expect(registeredModelVersion([stored('ModelRegistered', data, 0, 'system')], '1')).toMatchObject({
      tenant: null,
    });
  });
});
