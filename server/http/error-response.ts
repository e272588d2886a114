import { AppError, isAppError, type ErrorCode } from "@/server/errors";
import { dependencyFailure } from "@/server/infra/dependency-error";
import { metrics } from "@/server/infra/metrics";

/**
 * What every door answers for a thrown value: an AppError as `{ error: CODE, message }` with its status; a
 * dependency that is down or slow as 503 TRY_AGAIN_LATER with Retry-After; anything else a generic 500 and a log
 * line, so internals never leak to a client.
 */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: ErrorCode; message: string } & Record<string, unknown>;
}

/**
 * One log line per this many ms for dependency failures: during an outage every request fails the same way,
 * and a line per request would cost more than the request itself.
 */
const DEPENDENCY_LOG_INTERVAL_MS = 1_000;
let lastDependencyLogAt = 0;

/**
 * Maps any thrown value to what the client sees; `onUnexpected` gets the non-AppError ones for logging
 * (dependency failures sampled, at most one a second).
 */
export function toErrorResponse(error: unknown, onUnexpected?: (error: unknown) => void): ErrorResponse {
  let appError = isAppError(error) ? error : undefined;
  if (!appError) {
    const failure = dependencyFailure(error);
    if (failure) {
      metrics.dependencyFailures.inc({ dependency: failure.dependency });
      appError = new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: failure.retryAfterSeconds, cause: error });
      const now = Date.now();
      if (now - lastDependencyLogAt >= DEPENDENCY_LOG_INTERVAL_MS) {
        lastDependencyLogAt = now;
        onUnexpected?.(error);
      }
    } else {
      onUnexpected?.(error);
    }
  }
  const resolved = appError ?? new AppError("INTERNAL");
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  };
  if (resolved.retryAfterSeconds !== undefined) headers["retry-after"] = String(resolved.retryAfterSeconds);
  return {
    status: resolved.status,
    headers,
    body: { error: resolved.code, message: resolved.message, ...resolved.details },
  };
}
