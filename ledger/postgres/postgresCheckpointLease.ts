import type { CheckpointLease } from '../checkpoints/checkpointLease.js';
import type { PostgresEventLog } from './postgresEventLog.js';

export interface PostgresLeaseOptions {
  /** Who asks: unique per process (e.g. host, pid and a random id), recorded in the lease row. */
  readonly holder: string;
  /** How long a granted lease lasts without renewal. Default 3 s; renewed every third of it. */
  readonly ttlMs?: number;
  /** Told of failed renewals (the lease then lapses by itself). */
  readonly onError?: (error: unknown) => void;
}

const LEASE_NAME = 'checkpointer';

/**
 * The checkpointer lease as a row of the ledger's `leases` table. A node takes the row when it is free or expired
 * and renews it every ttl/3; the row's expiry is the database's clock, so nodes' clocks never disagree about it.
 * The node trusts its grant only until ttl after it asked (its own monotonic clock, measured from before the
 * request), so it stops signing before another node can take the row over. kill -9 of the holder: another node
 * takes over within ttl + ttl/3. A graceful close deletes the row: the next node takes over at its next renewal.
 */
export function startPostgresCheckpointLease(
  log: PostgresEventLog,
  options: PostgresLeaseOptions,
): CheckpointLease {
  const db = log.database;
  const ttlMs = options.ttlMs ?? 3000;
  let heldUntil = 0;
  let closed = false;
  const renew = async () => {
    const asked = performance.now();
    try {
      const granted = await db.rows<[string]>(
        `INSERT INTO ${db.s}.leases AS l (name, holder, expires_at)
         VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE l.holder = EXCLUDED.holder OR l.expires_at < clock_timestamp()
         RETURNING holder`,
        [LEASE_NAME, options.holder, ttlMs],
      );
      heldUntil = granted.length > 0 && !closed ? asked + ttlMs : 0;
    } catch (error) {
      options.onError?.(error);
    }
  };
  let renewing = renew();
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, ttlMs / 3);
  timer.unref();
  return {
    holds: () => !closed && performance.now() < heldUntil,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await renewing;
      heldUntil = 0;
      await db
        .rows(`DELETE FROM ${db.s}.leases WHERE name = $1 AND holder = $2`, [LEASE_NAME, options.holder])
        .catch(() => undefined);
    },
  };
}
