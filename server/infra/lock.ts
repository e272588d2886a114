import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { AppError } from "@/server/http/app-error";
import { redis as sharedRedis } from "@/server/infra/redis";

/*
 * A single-Redis mutex with a watchdog, written here instead of using redlock 5.0.0-beta.2: that release is
 * unmaintained and its auto-extension fixes (#274, #312) were never published, while we run one Redis and need
 * no quorum. The lock is a key holding a random token (SET NX PX). While the holder works, a timer re-arms the
 * lease every lease/3 — but only if the key still holds our token — so a long rebuild keeps the lock and a dead
 * holder loses it within one lease. Release deletes only our own token, never a successor's lock.
 * The scripts run only on cache misses, so plain EVAL (no SHA caching) costs nothing that matters.
 */

const extendScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const releaseScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface LockOptions {
  /** Lease in ms: how long the lock outlives a holder that died. Re-armed every lease/3 while the holder works. */
  leaseMs: number;
  /** How long to keep retrying acquisition before giving up; 0 (default for tryWithLock) means one attempt. */
  waitMs?: number;
  retryDelayMs?: number;
  client?: Redis;
}

export type LockAttempt<T> = { acquired: true; value: T } | { acquired: false };

export class LockLostError extends Error {
  override name = "LockLostError";
}

/** Runs `fn` while holding `key`, or reports that another holder has it ("lost the race"). */
export async function tryWithLock<T>(
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  options: LockOptions,
): Promise<LockAttempt<T>> {
  const client = options.client ?? sharedRedis;
  const token = randomUUID();
  if (!(await acquire(client, key, token, options))) return { acquired: false };

  const controller = new AbortController();
  const watchdog = setInterval(() => {
    client.eval(extendScript, 1, key, token, options.leaseMs).then(
      (extended) => {
        if (Number(extended) !== 1) controller.abort(new LockLostError(`lock ${key} expired under its holder`));
      },
      (error: unknown) => controller.abort(new LockLostError(`lock ${key} could not be extended`, { cause: error })),
    );
  }, Math.max(10, Math.floor(options.leaseMs / 3)));
  watchdog.unref();
  try {
    return { acquired: true, value: await fn(controller.signal) };
  } finally {
    clearInterval(watchdog);
    await client.eval(releaseScript, 1, key, token).catch(() => undefined); // it expires by itself anyway
  }
}

/** Like tryWithLock but waits up to `waitMs` (default: one lease) and then fails with 503 TRY_AGAIN_LATER. */
export async function withLock<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, options: LockOptions): Promise<T> {
  const attempt = await tryWithLock(key, fn, { ...options, waitMs: options.waitMs ?? options.leaseMs });
  if (attempt.acquired) return attempt.value;
  throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1, message: "Busy right now; try again in a moment." });
}

async function acquire(client: Redis, key: string, token: string, options: LockOptions): Promise<boolean> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const delay = options.retryDelayMs ?? 25;
  for (;;) {
    if ((await client.set(key, token, "PX", options.leaseMs, "NX")) === "OK") return true;
    if (Date.now() + delay > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
