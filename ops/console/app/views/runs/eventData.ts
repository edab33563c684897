import { shortHash } from '../../ui/format.js';

/**
 * Reading fields of an event's `data` (plain JSON from the API) without trusting its shape: a field of another
 * type or missing reads as a placeholder, so a summary never throws on an event recorded by an older version.
 */
export type EventData = Readonly<Record<string, unknown>>;

export function asData(value: unknown): EventData {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as EventData) : {};
}

/** A string field, or `fallback` (`?` by default). */
export function text(data: EventData, key: string, fallback = '?'): string {
  const value = data[key];
  return typeof value === 'string' ? value : fallback;
}

export function count(data: EventData, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function list(data: EventData, key: string): readonly unknown[] {
  const value = data[key];
  return Array.isArray(value) ? value : [];
}

/** `name@version` of a `{ name, version }` field (a tool or a model). */
export function nameAtVersion(data: EventData, key: string): string {
  const value = asData(data[key]);
  return `${text(value, 'name')}@${text(value, 'version')}`;
}

/** The strings of a list field, joined: determining policies, reasons. */
export function joined(data: EventData, key: string, empty: string): string {
  const values = list(data, key).filter((value): value is string => typeof value === 'string');
  return values.length === 0 ? empty : values.join(', ');
}

/** A digest as people read it in a row: `sha256:` and its first 12 hex digits. */
export function digest(data: EventData, key: string): string {
  const value = text(data, key, '');
  return value === '' ? '?' : `sha256:${shortHash(value)}`;
}
