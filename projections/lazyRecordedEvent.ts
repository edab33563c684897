import type { EncodedEvent, EventMeta, JsonValue, RecordedEvent } from '../domain/index.js';

/**
 * A RecordedEvent over its stored encoding that parses `data` and `meta` on first access only: the audit index
 * needs every event's meta but no data, and most projections ignore most events. Parsed values are cached, so
 * every projection of a batch shares one parse. Note that `data` and `meta` are getters: spreading the event
 * (`{ ...event }`) does not copy them.
 */
export class LazyRecordedEvent implements RecordedEvent {
  readonly #encoded: EncodedEvent;
  #data: JsonValue | undefined;
  #meta: EventMeta | undefined;

  constructor(encoded: EncodedEvent) {
    this.#encoded = encoded;
  }

  get id(): string {
    return this.#encoded.id;
  }
  get stream(): string {
    return this.#encoded.stream;
  }
  get revision(): number {
    return this.#encoded.revision;
  }
  get position(): number {
    return this.#encoded.position;
  }
  get type(): string {
    return this.#encoded.type;
  }
  get schemaVersion(): number {
    return this.#encoded.schemaVersion;
  }
  get prevHash(): string {
    return this.#encoded.prevHash;
  }
  get hash(): string {
    return this.#encoded.hash;
  }
  get data(): JsonValue {
    if (this.#data === undefined) this.#data = JSON.parse(this.#encoded.data) as JsonValue;
    return this.#data;
  }
  get meta(): EventMeta {
    if (this.#meta === undefined) this.#meta = JSON.parse(this.#encoded.meta) as EventMeta;
    return this.#meta;
  }
}
