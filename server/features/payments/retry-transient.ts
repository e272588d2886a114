import { isTransientMysqlError } from "@/server/infra/dependency-error";

export interface RetryOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told before each wait; the consumer heartbeats here so a long retry does not cost it its partitions. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => Promise<void> | void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Defaults: 8 runs over about 11 s (50 ms doubling, capped at 5 s), enough to ride out a deadlock storm, a lock
 * held by a slow warm-up, or a MariaDB restart. After that the error is thrown and the batch stays uncommitted
 * in Kafka, to be delivered again: a transient failure never becomes a FAILED order.
 */
const DEFAULTS = { attempts: 8, baseDelayMs: 50, maxDelayMs: 5_000 };

/** Runs `fn` again while it fails with a transient MySQL error (the transaction rolled back whole). */
export async function withTransientRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULTS.attempts;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransientMysqlError(error) || attempt >= attempts) throw error;
      const ceiling = Math.min(
        options.maxDelayMs ?? DEFAULTS.maxDelayMs,
        (options.baseDelayMs ?? DEFAULTS.baseDelayMs) * 2 ** (attempt - 1),
      );
      // Jittered: two workers that deadlocked each other must not retry in step and deadlock again.
      const delayMs = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
      await options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
