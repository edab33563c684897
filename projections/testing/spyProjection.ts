import { defineProjection } from '../projection.js';
import type { Projection } from '../projection.js';

/**
 * A projection that records every position it is given in a table keyed by position, so applying an event twice
 * fails loudly (exactly-once), and that throws at the position `failAt()` names (a projection bug or a fault).
 */
export function spyProjection(
  name: string,
  options: { failAt?: () => number | null; version?: number } = {},
): Projection<number> & { readonly seen: number[] } {
  const seen: number[] = [];
  const table = `${name}_seen`;
  return {
    seen,
    ...defineProjection<number>({
      name,
      version: options.version ?? 1,
      schema: {
        tables: [table],
        create: `CREATE TABLE IF NOT EXISTS ${table} (position INTEGER PRIMARY KEY)`,
        indexes: '',
      },
      evolve: (event) => [event.position],
      writer: (db) => {
        const insert = db.prepare(`INSERT INTO ${table} (position) VALUES (?)`);
        return {
          write(position) {
            if (position === options.failAt?.()) throw new Error(`injected failure at ${position}`);
            seen.push(position);
            insert.run(position);
          },
        };
      },
    }),
  };
}
