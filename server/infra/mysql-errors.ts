/**
 * The one place that knows MySQL/MariaDB error numbers. mysql2 puts the server's errno (and its sqlState) on
 * the error it throws; drizzle rethrows that as the `cause` of its own query error, and a transaction may wrap
 * it once more, so every reader here walks the `cause` chain instead of looking at the outer error alone.
 */

export const MYSQL_ERRNO = {
  /** A unique index refused the row; the message names the index. */
  DUP_ENTRY: 1062,
  /** A row lock was not granted within innodb_lock_wait_timeout; the statement (not the transaction) failed. */
  LOCK_WAIT_TIMEOUT: 1205,
  /** InnoDB broke a lock cycle by rolling this transaction back. */
  LOCK_DEADLOCK: 1213,
  /** MariaDB's max_statement_time ended the statement. */
  STATEMENT_TIMEOUT: 1969,
  /** MariaDB: the connection was killed (KILL, or the server shutting down). */
  CONNECTION_KILLED: 1927,
  TOO_MANY_CONNECTIONS: 1040,
  SERVER_SHUTDOWN: 1053,
  /** Client-library codes (CR_SERVER_GONE_ERROR, CR_SERVER_LOST): the connection went away mid-query. */
  SERVER_GONE: 2006,
  SERVER_LOST: 2013,
} as const;

/** Server errnos that a retry can cure: the same statement or transaction, run again, can succeed. */
export const TRANSIENT_MYSQL_ERRNOS: ReadonlySet<number> = new Set([
  MYSQL_ERRNO.LOCK_WAIT_TIMEOUT,
  MYSQL_ERRNO.LOCK_DEADLOCK,
  MYSQL_ERRNO.STATEMENT_TIMEOUT,
  MYSQL_ERRNO.CONNECTION_KILLED,
  MYSQL_ERRNO.TOO_MANY_CONNECTIONS,
  MYSQL_ERRNO.SERVER_SHUTDOWN,
  MYSQL_ERRNO.SERVER_GONE,
  MYSQL_ERRNO.SERVER_LOST,
]);

/** Deep enough for drizzle's query error inside a transaction's; a cycle of causes must not loop forever. */
const MAX_CAUSE_DEPTH = 5;

interface WithErrno {
  errno: number;
  message?: unknown;
  sqlState?: unknown;
}

/** The first error in the `cause` chain (the outer one first) that carries a numeric errno. */
function errnoCarrier(error: unknown): WithErrno | undefined {
  let current = error;
  for (let depth = 0; typeof current === "object" && current !== null && depth < MAX_CAUSE_DEPTH; depth += 1) {
    if (typeof (current as { errno?: unknown }).errno === "number") return current as WithErrno;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The driver's errno behind `error`, if any: a server errno (see MYSQL_ERRNO), or, for a socket failure, the
 * negative errno Node puts on system errors.
 */
export function mysqlErrnoOf(error: unknown): number | undefined {
  return errnoCarrier(error)?.errno;
}

/** True when a unique index refused the row; with `indexName`, only when that index did. */
export function isDuplicateKey(error: unknown, indexName?: string): boolean {
  const carrier = errnoCarrier(error);
  if (carrier?.errno !== MYSQL_ERRNO.DUP_ENTRY) return false;
  return indexName === undefined || String(carrier.message).includes(indexName);
}

/**
 * True when this error object (not its causes) is a MySQL error a retry can cure. The sqlState, which mysql2
 * sets on every server error, tells it from a Node system error whose errno happens to be the same number.
 */
export function isTransientMysqlServerError(error: object): boolean {
  const { errno } = error as { errno?: unknown };
  return typeof errno === "number" && TRANSIENT_MYSQL_ERRNOS.has(errno) && "sqlState" in error;
}

/** Deadlock or lock-wait timeout: the transaction lost a lock race, which says nothing about its data. */
export function isLockConflict(error: unknown): boolean {
  const errno = mysqlErrnoOf(error);
  return errno === MYSQL_ERRNO.LOCK_DEADLOCK || errno === MYSQL_ERRNO.LOCK_WAIT_TIMEOUT;
}
