import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { batchedInsert } from './batchedInsert.js';

describe('batched insert', () => {
  it.each([0, 1, 63, 64, 65, 129, 200])(
    'given %i rows, then after flush every row is there in order',
    (count) => {
      const db = new Database(':memory:');
      db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT)');
      const rows = batchedInsert(db, 't', ['n', 'label']);
      for (let n = 0; n < count; n++) rows.add(n, `row ${n}`);
      rows.flush();
      expect(db.prepare('SELECT n, label FROM t ORDER BY rowid').raw().all()).toEqual(
        Array.from({ length: count }, (_, n) => [n, `row ${n}`]),
      );
      rows.flush();
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(count);
      db.close();
    },
  );
});
