import { isTransientMysqlServerError } from "@/server/infra/mysql-errors";

/**
 * Recognises the errors a dependency (Redis, MySQL, Kafka, Keycloak's key set) throws when it is down, slow or
 * overloaded, so every door answers them with 503 TRY_AGAIN_LATER and a Retry-After instead of a 500: the
 * request was fine, the shop is not, and the client's retry (same Idempotency-Key) is the right move.
 * The returned seconds say how soon a retry can help.
 */

/** "network": a bare socket error that names no client (mysql2 connects, or any other outbound call). */
export type Dependency = "redis" | "mysql" | "kafka" | "network";

export interface DependencyFailure {
  dependency: Dependency;
  retryAfterSeconds: number;
}

const REDIS_MESSAGES =
  /^(Command timed out|Stream isn't writeable|Connection is closed\.|Reached the max retries per request limit)/;
const MYSQL_MESSAGES =
  /^(Queue limit reached\.|Pool is closed\.|Can't add new command when connection is in closed state|Query inactivity timeout)/;
/** Socket-level failures: refused, reset, unreachable, or a connect that never completed. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);
/** mysql2 client codes that mean "the server or the pool, not the query". */
const MYSQL_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "DB_ACQUIRE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
]);
interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The dependency failure behind `error` (drizzle and kafkajs wrap the driver's error in `cause`), if any. */
export function dependencyFailure(error: unknown): DependencyFailure | undefined {
  for (let current = error, depth = 0; typeof current === "object" && current !== null && depth < 5; depth += 1) {
    const found = classify(current);
    if (found) return found;
    current = (current as ErrorLike).cause;
  }
  return undefined;
}

function classify(error: ErrorLike): DependencyFailure | undefined {
  const name = typeof error.name === "string" ? error.name : "";
  const message = typeof error.message === "string" ? error.message : "";
  const code = typeof error.code === "string" ? error.code : "";
  // A Redis hiccup clears in a reconnect (tens of ms): the soonest retry a header can say.
  if (name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.test(message))
    return { dependency: "redis", retryAfterSeconds: 1 };
  if (MYSQL_CODES.has(code) || MYSQL_MESSAGES.test(message)) return { dependency: "mysql", retryAfterSeconds: 2 };
  if (isTransientMysqlServerError(error)) return { dependency: "mysql", retryAfterSeconds: 2 };
  if (name.startsWith("KafkaJS")) return { dependency: "kafka", retryAfterSeconds: 2 };
  if (NETWORK_CODES.has(code)) return { dependency: "network", retryAfterSeconds: 2 };
  return undefined;
}

/** True for database errors after which the same transaction, run again, can succeed. */
export function isTransientMysqlError(error: unknown): boolean {
  const dependency = dependencyFailure(error)?.dependency;
  return dependency === "mysql" || dependency === "network";
}
