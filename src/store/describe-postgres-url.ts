/** What error messages of the PostgreSQL store may say about its database: never the password. */
import { StoreError } from './store-error.js';

/** What error messages may say about the database. */
export interface PostgresTarget {
  /** `postgres://user:***@host:port/database`, query parameters left out (they may carry a password). */
  display: string;
  /** The password given in the URL, to scrub from server and driver messages; `null` if none. */
  password: string | null;
}

/**
 * The parts of a connection URL that are safe to show: user, host, port and database, with `***` for a password.
 *
 * @example
 * describePostgresUrl('postgres://stats:s3cret@db.example.org/zenodo').display;
 * // 'postgres://stats:***@db.example.org:5432/zenodo'
 */
export function describePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(
      'cannot-open',
      'The PostgreSQL URL is not a URL: expected postgres://user:password@host:port/database',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StoreError(
      'cannot-open',
      `The PostgreSQL URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const parameter = (name: string): string | null => parsed.searchParams.get(name);
  const password = parameter('password') ?? (parsed.password === '' ? null : decode(parsed.password));
  const user = parameter('user') ?? decode(parsed.username);
  const host = parameter('host') ?? (parsed.hostname === '' ? 'localhost' : decode(parsed.hostname));
  const port = parameter('port') ?? (parsed.port === '' ? '5432' : parsed.port);
  const database = decode(parsed.pathname.slice(1)) || user;
  const credentials = user === '' ? '' : `${user}${password === null ? '' : ':***'}@`;
  const hostPart = host.startsWith('/') ? `[socket ${host}]` : host;
  return { display: `${parsed.protocol}//${credentials}${hostPart}:${port}/${database}`, password };
}
