import type { RedisClient } from "@/server/infra/redis-client";
import { tryWithLock } from "@/server/infra/lock";
import type { Mutex } from "@/server/infra/read-through-cache/read-through-cache";

/** The rebuild mutex on Redis: a single attempt, lease extended while the holder works (see lock.ts). */
export function redisMutex(redis: RedisClient, leaseMs: number): Mutex {
  return (key, fn) => tryWithLock(key, fn, { leaseMs, client: redis });
}
