import type { Database, Statement } from 'better-sqlite3';

/** Runs a SELECT and returns its rows as arrays (columns in SELECT order). */
export type SqlRows = <Row>(sql: string, params: readonly unknown[]) => Row[];

/** `SqlRows` over `db`, preparing each distinct statement text once and keeping it. */
export function preparedRows(db: Database): SqlRows {
  const statements = new Map<string, Statement<unknown[]>>();
  return <Row>(sql: string, params: readonly unknown[]): Row[] => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare<unknown[]>(sql).raw();
      statements.set(sql, statement);
    }
    return statement.all(...params) as Row[];
  };
}
