/** Transactions of the PostgreSQL store, each on one pooled connection. */
import type { Pool, PoolClient } from 'pg';

export async function setLockTimeout(client: PoolClient, ms: number): Promise<void> {
  // SET does not take parameters; `ms` is a non-negative integer (see openPostgresStore).
  await client.query(`SET LOCAL lock_timeout = ${ms}`);
}

/** Runs `work` between `begin` and COMMIT on one pooled connection; on any error rolls back. */
export async function inTransaction<T>(pool: Pool, begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK (the connection is gone) must not hide the error that caused it; the server rolls back
      // by itself when the connection closes, and the broken connection is not returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
