import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncodedEvent } from '../../domain/index.js';
import { computeEventHash } from '../encoding/eventHash.js';
import { encodedToParams, rowToEncoded } from '../append/eventRows.js';
import type { EventRow } from '../append/eventRows.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { verifyLedger } from '../verification/verifyLedger.js';
import type { VerificationReport } from '../verification/verificationReport.js';
import type { VerifyLedgerOptions } from '../verification/verifyLedger.js';

/** Opens the file as an attacker would: raw SQLite, immutability triggers dropped, one transaction. */
export function tamper(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER events_are_immutable; DROP TRIGGER events_are_permanent');
  db.transaction(() => edit(db))();
  db.close();
}

/**
 * Verifies a copy of the ledger directory `pristine` after `edit` tampered with its ledger.db (`null`: untouched);
 * the copy is removed afterwards, so one pristine ledger serves every probe.
 */
export async function verifyTamperedCopy(
  pristine: string,
  edit: ((db: Database.Database) => void) | null,
  options: VerifyLedgerOptions = {},
): Promise<VerificationReport> {
  const dir = mkdtempSync(join(tmpdir(), 'mir-tamper-'));
  try {
    cpSync(pristine, dir, { recursive: true });
    const file = join(dir, 'ledger.db');
    if (edit !== null) tamper(file, edit);
    const log = openSqliteEventLog(file, { readOnly: true });
    try {
      return await verifyLedger(log, options);
    } finally {
      await log.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stored event at `position`. */
export function row(db: Database.Database, position: number): EncodedEvent {
  return rowToEncoded(db.prepare('SELECT * FROM events WHERE position = ?').raw().get(position) as EventRow);
}

/** Overwrites the row at `event.position` with `event`, exactly as given. */
export function rewrite(db: Database.Database, event: EncodedEvent): void {
  const [position, ...fields] = encodedToParams(event);
  db.prepare(
    'UPDATE events SET stream = ?, revision = ?, id = ?, type = ?, schema_version = ?, data = ?, meta = ?, prev_hash = ?, hash = ? WHERE position = ?',
  ).run(...fields, position);
}

/** Replaces fields of the event at `position` and recomputes its hash, as a careful forger would. */
export function forge(db: Database.Database, position: number, change: Partial<EncodedEvent>): EncodedEvent {
  const event = { ...row(db, position), ...change };
  const forged = { ...event, hash: computeEventHash(event) };
  rewrite(db, forged);
  return forged;
}
