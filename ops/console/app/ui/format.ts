import { signal } from '@preact/signals';

/** The current time, ticking once a second: countdowns and "last activity" re-render from it. */
export const now = signal(Date.now());
setInterval(() => {
  now.value = Date.now();
}, 1_000);

/** `2026-12-03 11:22:05` in the reader's time zone (ISO 8601 input). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** `4m 05s`, `2h 03m`, `12s`: a duration for people (negative counts as zero). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `3m 12s ago` from `now`. */
export function ago(iso: string, at: number = now.value): string {
  return `${formatDuration(at - new Date(iso).getTime())} ago`;
}

/** The first 12 hex digits of a hash (after any `sha256:` prefix), for tables; the full value goes in a title. */
export function shortHash(hash: string): string {
  const hex = hash.replace(/^sha256:/, '');
  return hex.length > 12 ? `${hex.slice(0, 12)}…` : hex;
}
