import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import type { EncodedEvent } from '../../domain/index.js';
import { prepareAppend } from '../append/preparedAppend.js';
import { resolveLimits } from '../append/ledgerLimits.js';
import { sealAppend } from '../append/sealAppend.js';
import { computeEventHash } from '../encoding/eventHash.js';
import { testEvent } from '../testing/testEvents.js';
import { fromEventStoreEvent, toEventStoreEvent } from './eventStoreEnvelope.js';
import type { StoredEventStoreEvent } from './eventStoreEnvelope.js';

const PREFIX = 'mir.';

function sealed(data: unknown = { text: 'é ✓ 𝄞', n: [1, 2.5, -0, true, null] }): EncodedEvent[] {
  const prepared = prepareAppend(
    'run-a',
    [testEvent({ data: data as never }), testEvent()],
    'any',
    resolveLimits(),
  );
  return sealAppend(prepared, { revision: 6, hash: 'ab'.repeat(32) }, 41);
}

/**
 * What the client hands back for a stored binary event: the data bytes as written, and the metadata bytes
 * JSON-parsed (the client's own parseMetadata), or the raw bytes when they are not JSON.
 */
function asStored(event: EncodedEvent, revision = BigInt(event.revision)): StoredEventStoreEvent {
  const written = toEventStoreEvent(event);
  const metadataText = Buffer.from(written.metadata as Uint8Array).toString('utf8');
  return {
    streamId: `${PREFIX}${event.stream}`,
    id: written.id,
    revision,
    type: written.type,
    isJson: false,
    data: written.data,
    metadata: JSON.parse(metadataText) as unknown,
  };
}

function corruptField(stored: StoredEventStoreEvent): unknown {
  try {
    fromEventStoreEvent(stored, PREFIX, 41);
  } catch (error) {
    expect(hasErrorCode(error, 'STORAGE_CORRUPT')).toBe(true);
    return (error as { details: { field: unknown } }).details.field;
  }
  return undefined;
}

describe('MIR envelope ↔ EventStoreDB event', () => {
  it('given a sealed event, when written and read back, then the stored encoding is identical and its hash recomputes', () => {
    for (const event of sealed()) {
      const back = fromEventStoreEvent(asStored(event), PREFIX, event.position);
      expect(back).toEqual(event);
      expect(computeEventHash(back)).toBe(event.hash);
    }
  });

  it('given an event, then it is written as a binary event with the MIR id, type and exact canonical data bytes', () => {
    const [event] = sealed({ b: 1, a: 'x' });
    const written = toEventStoreEvent(event!);
    expect(written.contentType).toBe('application/octet-stream');
    expect(written.id).toBe(event!.id);
    expect(written.type).toBe(event!.type);
    expect(Buffer.from(written.data).toString('utf8')).toBe('{"a":"x","b":1}');
    expect(Buffer.from(written.metadata as Uint8Array).toString('utf8')).toBe(
      `{"hash":"${event!.hash}","meta":${JSON.stringify(event!.meta)},"mir":1,"prevHash":"${'ab'.repeat(32)}","schemaVersion":1}`,
    );
  });

  it('when the stream, id, type, data or revision was not written by MIR, then STORAGE_CORRUPT names the field', () => {
    const stored = asStored(sealed()[0]!);
    expect(corruptField({ ...stored, streamId: 'other.run-a' })).toBe('stream');
    expect(corruptField({ ...stored, streamId: 'mir.Run a' })).toBe('stream');
    expect(corruptField({ ...stored, id: stored.id.toUpperCase() })).toBe('id');
    expect(corruptField({ ...stored, type: '' })).toBe('type');
    expect(corruptField({ ...stored, isJson: true })).toBe('data');
    expect(corruptField({ ...stored, data: '{"n":1}' })).toBe('data');
    expect(corruptField({ ...stored, data: new Uint8Array([0x7b, 0xff, 0x7d]) })).toBe('data');
    expect(corruptField({ ...stored, revision: 2n ** 60n })).toBe('revision');
  });

  it('when the metadata is hostile, then STORAGE_CORRUPT names the metadata', () => {
    const stored = asStored(sealed()[0]!);
    const fields = stored.metadata as Record<string, unknown>;
    const hostile: unknown[] = [
      undefined,
      null,
      'text',
      [fields],
      new Uint8Array([1, 2, 3]),
      { ...fields, mir: 2 },
      { ...fields, extra: true },
      { ...fields, meta: { tenant: 'acme' } },
      { ...fields, hash: 'AB'.repeat(32) },
      { ...fields, prevHash: 'ab' },
      { ...fields, schemaVersion: 0 },
      { ...fields, schemaVersion: 1.5 },
      { ...fields, schemaVersion: '1' },
      Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'hash')),
    ];
    for (const metadata of hostile)
      expect(corruptField({ ...stored, metadata }), JSON.stringify(metadata)).toBe('metadata');
  });

  it('when read back, then the error details carry the ESDB stream, revision and leaf position', () => {
    const stored = { ...asStored(sealed()[0]!), metadata: null };
    let caught: unknown;
    try {
      fromEventStoreEvent(stored, PREFIX, 41);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      details: { stream: 'mir.run-a', revision: 7, position: 41, field: 'metadata' },
    });
  });
});
