import type { RedisClient } from "@/server/infra/redis-client";
import Redlock, { ExecutionError, ResourceLockedError } from "redlock";
import { AppError } from "@/server/errors";
import { childLogger } from "@/server/infra/logger";
import { luaCommand } from "@/server/infra/lua-scripts";
import { redis as sharedRedis } from "@/server/infra/redis";

const log = childLogger("lock");

/*
 * Every distributed lock and lease of the repo goes through this module, and only it imports "redlock", so a
 * maintained fork can replace it here alone.
 *
 * The distributed mutex of cache rebuilds and stock warm-ups: redlock 5 (the owner's choice) over our single Redis.
 * `using()` is the Redisson-watchdog analogue: while the holder works, the lease is extended shortly before it
 * runs out; a holder that dies stops extending, so its lock expires within one lease and the next caller
 * rebuilds. If an extension fails, the routine's AbortSignal fires so it can stop writing.
 * Known limits of redlock 5.0.0-beta.2 (unmaintained beta): extension retries spin until the lease ends, and a
 * GC pause longer than the lease could let two holders overlap — every write a holder does is idempotent
 * (a cache fill, or a warm-up that recomputes from MySQL under the coupon's row lock), so an overlap costs work,
 * never correctness (no fencing token needed).
 */

export interface LockOptions {
  /** Lease in ms: how long the lock outlives a holder that died. Extended automatically while the holder works. */
  leaseMs: number;
  /** How long to keep retrying acquisition before giving up; 0 (default for tryWithLock) means one attempt. */
  waitMs?: number;
  retryDelayMs?: number;
  client?: RedisClient;
}

export type LockAttempt<T> = { acquired: true; value: T } | { acquired: false };

/** Smallest lease redlock accepts with our extension threshold (it extends `threshold` ms before expiry). */
const MIN_LEASE_MS = 150;

const lockers = new WeakMap<RedisClient, Redlock>();

function lockerFor(client: RedisClient): Redlock {
  let locker = lockers.get(client);
  if (!locker) {
    // No retries by default: extensions and releases must answer at once (acquisition sets its own retries).
    locker = new Redlock([client], { driftFactor: 0.01, retryCount: 0, retryDelay: 25, retryJitter: 10 });
    // Redlock reports every refused vote as an "error" event; an EventEmitter without a listener would throw.
    locker.on("error", (error: unknown) => {
      if (!(error instanceof ResourceLockedError)) log.warn({ err: error }, "lock operation failed");
    });
    lockers.set(client, locker);
  }
  return locker;
}

/** Runs `fn` while holding `key`, or reports that another holder has it ("lost the race"). */
export async function tryWithLock<T>(
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  options: LockOptions,
): Promise<LockAttempt<T>> {
  const leaseMs = Math.max(MIN_LEASE_MS, Math.round(options.leaseMs));
  const retryDelay = options.retryDelayMs ?? 25;
  const settings = {
    retryCount: Math.floor((options.waitMs ?? 0) / retryDelay),
    retryDelay,
    // Extend when a third of the lease is left: early enough to survive a slow round trip.
    automaticExtensionThreshold: Math.min(Math.floor(leaseMs / 3), leaseMs - 100),
  };
  let entered = false;
  let finished: { value: T } | undefined;
  try {
    await lockerFor(options.client ?? sharedRedis).using([key], leaseMs, settings, async (signal: AbortSignal) => {
      entered = true;
      finished = { value: await fn(signal) };
    });
  } catch (error) {
    // Only a failure to acquire means "lost the race"; whatever the routine threw is its own error.
    if (!entered && error instanceof ExecutionError) return { acquired: false };
    // The routine finished but the release was refused: the lease had already expired (and maybe a successor
    // holds the key, which redlock rightly does not delete). The work is done; nothing is left to undo.
    if (!(finished && error instanceof ExecutionError)) throw error;
  }
  if (!finished) throw new Error(`lock ${key}: routine did not complete`);
  return { acquired: true, value: finished.value };
}

/** Like tryWithLock but waits up to `waitMs` (default: one lease) and then fails with 503 TRY_AGAIN_LATER. */
export async function withLock<T>(
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
  options: LockOptions,
): Promise<T> {
  const attempt = await tryWithLock(key, fn, { ...options, waitMs: options.waitMs ?? options.leaseMs });
  if (attempt.acquired) return attempt.value;
  throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1, message: "Busy right now; try again in a moment." });
}

/*
 * Owner-checked leases, for holders that manage their own key: a leader that renews its lease every tick, a
 * one-shot lock around a call that must not run twice, a record naming the instance that holds a user's socket.
 * The value stored is the owner's token; renew and release act only while it still names that owner
 * (lua/lease-renew.lua, lua/lease-release.lua), so an owner whose lease expired never extends or deletes its
 * successor's. These keys are plain strings that other code may read (for example the presence record), which
 * is why they are not redlock's.
 */

/** Takes `key` for `owner` if nobody holds it; true when taken. */
export async function acquireLease(client: RedisClient, key: string, owner: string, ttlMs: number): Promise<boolean> {
  return (await client.set(key, owner, "PX", ttlMs, "NX")) === "OK";
}

/** Takes `key` for `owner` whoever holds it: the newest claimant wins (a user's socket moving to this instance). */
export async function claimLease(client: RedisClient, key: string, owner: string, ttlMs: number): Promise<void> {
  await client.set(key, owner, "PX", ttlMs);
}

/** Extends `owner`'s lease to `ttlMs` from now; false when the lease is gone or another owner holds it. */
export async function renewLease(client: RedisClient, key: string, owner: string, ttlMs: number): Promise<boolean> {
  return (await luaCommand(client, "leaseRenew")(key, owner, ttlMs)) === 1;
}

/** Deletes `owner`'s lease; false (and nothing deleted) when it is gone or another owner holds it. */
export async function releaseLease(client: RedisClient, key: string, owner: string): Promise<boolean> {
  return (await luaCommand(client, "leaseRelease")(key, owner)) === 1;
}
