import Redis, { type RedisOptions } from "ioredis";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { defineLuaScripts } from "@/server/infra/lua-scripts";

const options: RedisOptions = {
  // Concurrent requests' commands share one write to the socket: the cheapest speed-up on the hot path.
  enableAutoPipelining: true,
  maxRetriesPerRequest: 2,
  lazyConnect: false,
};

/** A client with every Lua script of the repo defined (see lua-scripts.ts for why at creation). */
export function createRedis(extra: RedisOptions = {}) {
  return defineLuaScripts(new Redis(env.REDIS_URL, { ...options, ...extra }));
}

/** The shared command connection. Subscribers need their own (`createRedis()`), as a subscribed connection can do nothing else. */
export const redis = globalSingleton("redis", () => createRedis());
