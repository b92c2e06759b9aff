import { StoreUnavailableError } from '../event-store.port.js';

/** Socket-level codes (node) that mean the server cannot be reached. */
const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'the server refused the connection',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  EPIPE: 'the connection was closed',
};

/** SQLSTATE classes and codes (PostgreSQL appendix A) that mean the store is down, not the input wrong. */
const SQLSTATE: Array<[RegExp, string]> = [
  [/^08/, 'connection exception'],
  [/^57P0[1-3]$/, 'the server is shutting down or starting up'],
  [/^53100$/, 'the disk is full'],
  [/^53300$/, 'too many connections'],
  [/^53/, 'insufficient resources'],
  [/^58/, 'system error'],
  [/^25006$/, 'the server is read-only'],
  [/^3D000$/, 'the database does not exist'],
  [/^28/, 'the server refused the credentials'],
];

/** node-postgres reports a lost or timed-out connection by message only. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
  /^Client was closed/,
];

/**
 * Turns a connection- or server-level PostgreSQL error into a one-line `StoreUnavailableError` naming
 * `where` (host, port and database, never the password); the original is kept as `cause`. Anything
 * else (a bug, a constraint the adapter did not expect) is returned as it is.
 */
export const toStoreError = (error: unknown, where: string): unknown => {
  if (error instanceof StoreUnavailableError) return error;
  const reason = unavailableReason(error);
  if (reason === undefined) return error;
  return new StoreUnavailableError(`event store ${where} unavailable: ${reason}`, { cause: error });
};

/** Why the server cannot be used (`the server refused the connection (ECONNREFUSED)`), or undefined for any other error. */
export const unavailableReason = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  let reason: string | undefined;
  if (typeof code === 'string') reason = NETWORK[code] ?? SQLSTATE.find(([pattern]) => pattern.test(code))?.[1];
  if (reason !== undefined) return `${reason} (${code as string})`;
  if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return message.split('\n')[0];
  // A failed connection attempt may be an AggregateError (IPv4 and IPv6 both refused).
  const inner = (error as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(inner) && inner.length > 0 ? unavailableReason(inner[0]) : undefined;
};

/** `host:port/database` of a connection string, for messages: never the user's password. */
export const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `postgresql://${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'postgresql (unparsable POSTGRES_URL)';
  }
};
