import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";
import * as schema from "@/drizzle/schema";

export type Database = MySql2Database<typeof schema>;

const log = childLogger("db");

/**
 * Bounds on every wait for MySQL, so a slow or dead database costs a request one second, not a hung socket:
 * - connect: a TCP handshake or MySQL greeting that does not complete (a stalled server) fails;
 * - acquire: a request waiting for a free connection gives up (mysql2 has no acquire timeout of its own);
 * - queue: beyond this many waiters the pool refuses at once ("Queue limit reached.");
 * - statement: the longest a statement may go silent on the socket before the connection is dropped (a frozen
 *   server). It must outlast the session's lock wait, so a lock wait ends in a clean 1205, not a dead connection.
 */
export const DB_CONNECT_TIMEOUT_MS = 800;
export const DB_ACQUIRE_TIMEOUT_MS = 800;
export const DB_QUEUE_LIMIT = 500;
export const DB_STATEMENT_TIMEOUT_MS = 10_000;
/** Server side: a row-lock wait ends in 1205 after this (the default 50 s would outlive every client). */
const LOCK_WAIT_SECONDS = 5;
/** Server side, MariaDB only: a statement running longer is aborted there (a client timeout would not stop it). */
const MAX_STATEMENT_SECONDS = 8;

/**
 * Applied on every new connection, before it is handed out (mysql2 queues commands per connection). Every
 * timestamp is UTC on the wire and in the columns, whatever the host's zone. The `/*M! … *\/` part runs on
 * MariaDB only; MySQL skips it as a comment.
 */
const SESSION_SETUP = `SET time_zone = '+00:00', innodb_lock_wait_timeout = ${LOCK_WAIT_SECONDS} /*M!, max_statement_time = ${MAX_STATEMENT_SECONDS} */`;

export interface PoolTimeouts {
  connectTimeoutMs?: number;
  acquireTimeoutMs?: number;
  queueLimit?: number;
  statementTimeoutMs?: number;
}

/** A plain pool for one-off scripts (migrations run DDL that may legitimately be silent for minutes). */
export function createPool(databaseUrl = env.DATABASE_URL, connectionLimit = env.DB_POOL_SIZE) {
  return mysql.createPool({
    uri: databaseUrl,
    connectionLimit,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    enableKeepAlive: true,
  });
}

/** The pool of the long-running processes: every wait on MySQL bounded (see the constants above). */
export function createServicePool(
  databaseUrl = env.DATABASE_URL,
  connectionLimit = env.DB_POOL_SIZE,
  timeouts: PoolTimeouts = {},
) {
  const created = mysql.createPool({
    uri: databaseUrl,
    connectionLimit,
    queueLimit: timeouts.queueLimit ?? DB_QUEUE_LIMIT,
    connectTimeout: timeouts.connectTimeoutMs ?? DB_CONNECT_TIMEOUT_MS,
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    enableKeepAlive: true,
  });
  boundAcquire(created, timeouts.acquireTimeoutMs ?? DB_ACQUIRE_TIMEOUT_MS);
  const statementTimeoutMs = timeouts.statementTimeoutMs ?? DB_STATEMENT_TIMEOUT_MS;
  created.pool.on("connection", (connection) => {
    boundStatements(connection, statementTimeoutMs);
    connection.query(SESSION_SETUP, (error: unknown) => {
      if (error) log.error({ err: error }, "MySQL session setup failed");
    });
  });
  return created;
}

type AcquireCallback = (error: NodeJS.ErrnoException | null, connection?: { release(): void }) => void;

/**
 * Races every connection request (plain queries and transactions both take one through the core pool's
 * getConnection) against a timer. A connection that arrives after its requester gave up goes straight back.
 */
function boundAcquire(pool: mysql.Pool, timeoutMs: number) {
  const core = pool.pool as unknown as { getConnection(callback: AcquireCallback): void };
  const acquire = core.getConnection.bind(core);
  core.getConnection = (callback: AcquireCallback) => {
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      const error: NodeJS.ErrnoException = new Error(`no MySQL connection within ${timeoutMs} ms`);
      error.code = "DB_ACQUIRE_TIMEOUT";
      callback(error);
    }, timeoutMs);
    acquire((error, connection) => {
      if (answered) {
        if (!error) connection?.release();
        return;
      }
      answered = true;
      clearTimeout(timer);
      callback(error, connection);
    });
  };
}

type Callback = (error: { code?: unknown } | null, ...results: unknown[]) => unknown;
type QueryOptions = { sql: string; timeout?: number; onResult?: Callback } & Record<string, unknown>;
type Issue = (sqlOrOptions: string | QueryOptions, ...rest: unknown[]) => unknown;

/**
 * Gives every statement on this connection a default inactivity timeout (mysql2 has only a per-query one), and
 * destroys the connection when it fires: mysql2 leaves the silent statement in flight, so a connection handed
 * back to the pool would make every later statement on it wait behind one that may never end.
 */
function boundStatements(connection: { destroy(): void }, timeoutMs: number) {
  const target = connection as unknown as Record<"query" | "execute", Issue>;
  const dropOnTimeout =
    (callback: Callback): Callback =>
    (error, ...results) => {
      if (error?.code === "PROTOCOL_SEQUENCE_TIMEOUT") connection.destroy();
      return callback(error, ...results);
    };
  for (const method of ["query", "execute"] as const) {
    const issue = target[method].bind(connection);
    target[method] = (sqlOrOptions, ...rest) => {
      const last = rest.length - 1;
      if (typeof rest[last] === "function") rest[last] = dropOnTimeout(rest[last] as Callback);
      if (typeof sqlOrOptions === "string") return issue({ sql: sqlOrOptions, timeout: timeoutMs }, ...rest);
      // In place: the pool hands over a ready Query command here, whose prototype a copy would lose.
      sqlOrOptions.timeout ??= timeoutMs;
      if (typeof sqlOrOptions.onResult === "function") sqlOrOptions.onResult = dropOnTimeout(sqlOrOptions.onResult);
      return issue(sqlOrOptions, ...rest);
    };
  }
}

export const pool = globalSingleton("mysql-pool", () => createServicePool());

export const db: Database = globalSingleton("drizzle", () => drizzle(pool, { schema, mode: "default" }));
