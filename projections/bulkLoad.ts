import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';

/** Marker file present while a rebuild runs without fsync; its presence at open means "discard this file". */
export function bulkLoadMarker(file: string): string {
  return `${file}.rebuilding`;
}

/**
 * Before a rebuild: leaves a durable marker next to the file, then turns fsync off (synchronous=OFF). Batches stay
 * atomic for a crashed process, but a power cut could now corrupt the file: the marker then tells the next
 * `openReadModelDatabase` to delete it and start from scratch, which is what the rebuild was doing anyway.
 * Without fsync at every WAL checkpoint, a rebuild runs about 1.5x faster.
 */
export function beginBulkLoad(db: Database): void {
  if (db.memory) return;
  const marker = bulkLoadMarker(db.name);
  writeFileSync(marker, 'a rebuild of these read models was in progress\n', { flush: true });
  syncDirectory(dirname(marker));
  db.pragma('synchronous = OFF');
}

/** After a rebuild: back to synchronous=NORMAL, everything checkpointed and fsynced, then the marker removed. */
export function endBulkLoad(db: Database): void {
  if (db.memory) return;
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const marker = bulkLoadMarker(db.name);
  rmSync(marker, { force: true });
  syncDirectory(dirname(marker));
}

/** True (and the file with its WAL, shared memory and marker deleted) when a rebuild of `file` never finished. */
export function discardInterruptedBulkLoad(file: string): boolean {
  const marker = bulkLoadMarker(file);
  if (!existsSync(marker)) return false;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  rmSync(marker, { force: true });
  syncDirectory(dirname(marker));
  return true;
}

function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
