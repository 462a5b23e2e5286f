import type { PostgresTarget } from './describe-postgres-url.js';

/** What every part of the PostgreSQL store needs to know about the store it works on. */
export interface StoreContext {
  target: PostgresTarget;
  lockTimeoutMs: number;
  readOnly: boolean;
  /** What the schema holds: older than `postgresSchemaVersion` only when opened read-only (nothing migrated). */
  schemaVersion: number;
}
