import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import { eventStoreStreamName, mirStreamName, namespacePrefix } from './streamNamespace.js';

describe('EventStoreDB stream namespaces', () => {
  it('given a namespace, then MIR streams map to <namespace>.<stream> and back', () => {
    const prefix = namespacePrefix('mir');
    expect(prefix).toBe('mir.');
    expect(eventStoreStreamName(prefix, 'run-0190a5b2')).toBe('mir.run-0190a5b2');
    expect(mirStreamName(prefix, 'mir.run-0190a5b2')).toBe('run-0190a5b2');
    expect(mirStreamName(prefix, 'mir.checkpoints')).toBe('checkpoints');
  });

  it('given streams of other namespaces or of the system, then they are not this namespace’s', () => {
    const prefix = namespacePrefix('mir');
    for (const foreign of [
      'mir2.run-a',
      'mirx.run-a',
      '$stats-127.0.0.1:2113',
      '$$mir.run-a',
      'run-a',
      'mir.',
    ])
      expect(mirStreamName(prefix, foreign)).toBeNull();
    expect(mirStreamName(prefix, 'mir.Bad Stream')).toBeNull();
  });

  it('when a namespace breaks the rule, then INVALID_STREAM_NAME names it', () => {
    for (const bad of ['', 'Mir', 'mir.x', '$mir', '1mir', 'mir x', 'x'.repeat(65)]) {
      let caught: unknown;
      try {
        namespacePrefix(bad);
      } catch (error) {
        caught = error;
      }
      expect(hasErrorCode(caught, 'INVALID_STREAM_NAME'), bad).toBe(true);
    }
    expect(namespacePrefix('c0190a5b2-test')).toBe('c0190a5b2-test.');
  });
});
