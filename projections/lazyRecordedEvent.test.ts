import { describe, expect, it } from 'vitest';
import { LazyRecordedEvent } from './lazyRecordedEvent.js';

const encoded = {
  position: 3,
  stream: 'run-r',
  revision: 1,
  id: '0190a1b2-c3d4-7e5f-8000-000000000001',
  type: 'StepRecorded',
  schemaVersion: 1,
  data: '{"stepNumber":1',
  meta: '{"tenant":"acme"}',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('lazily decoded events', () => {
  it('given an event, then envelope fields are read as stored and data is parsed only when asked for', () => {
    const event = new LazyRecordedEvent(encoded);
    expect([event.position, event.stream, event.revision, event.type, event.hash]).toEqual([
      3,
      'run-r',
      1,
      'StepRecorded',
      'b'.repeat(64),
    ]);
    expect(event.meta).toEqual({ tenant: 'acme' });
    expect(event.meta).toBe(event.meta);
    expect(() => event.data).toThrow(SyntaxError);
  });
});
