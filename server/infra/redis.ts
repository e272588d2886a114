import { Cluster, Redis, type RedisOptions } from "ioredis";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";
import { defineLuaScripts } from "@/server/infra/lua-scripts";
import type { RedisClient } from "@/server/infra/redis-client";

const log = childLogger("redis");
/** While Redis is down ioredis reports every reconnect attempt; one line per interval says the same. */
const ERROR_LOG_INTERVAL_MS = 5_000;

/**
 * Longest a command of the shared client may take before it fails (and the request answers 503). A purchase's
 * script takes well under a millisecond in Redis; this leaves room for event-loop lag under load. A timed-out
 * command may still run later: its outcome is unknown, which is why the client retries with its Idempotency-Key.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

const options: RedisOptions = {
  // Concurrent requests' commands share one write to the socket: the cheapest speed-up on the hot path.
  enableAutoPipelining: true,
  maxRetriesPerRequest: 2,
  lazyConnect: false,
};

/**
 * A client with every Lua script of the repo defined (see lua-scripts.ts for why at creation). These are the
 * lenient defaults subscribers need: a subscription made before the first connect must wait in the offline queue
 * and be replayed on every reconnect, and a subscribed connection carries no command a timeout could catch.
 * With REDIS_CLUSTER_NODES set (and no explicit `url`) it is an ioredis Cluster: cluster-wide settings at the
 * top, the per-node connection settings under `redisOptions`; a cluster has database 0 only.
 */
export function createRedis(extra: RedisOptions = {}, url?: string): RedisClient {
  const client = defineLuaScripts(newClient(extra, url));
  let loggedAt = 0;
  // Without a listener ioredis prints every connection error to stderr itself; commands fail on their own.
  client.on("error", (error: unknown) => {
    const now = Date.now();
    if (now - loggedAt < ERROR_LOG_INTERVAL_MS) return;
    loggedAt = now;
    log.warn({ err: error }, "Redis connection error; reconnecting");
  });
  return client;
}

/**
 * A command client that fails fast: every command has a timeout, and once connected, a command issued while
 * Redis is unreachable fails at once instead of queueing. The offline queue stays on until the first `ready`
 * so the commands a process issues while it starts are not refused by the connect it is still waiting for.
 */
export function createCommandRedis(extra: RedisOptions = {}, url?: string): RedisClient {
  const client = createRedis({ commandTimeout: REDIS_COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1, ...extra }, url);
  client.once("ready", () => {
    // ioredis reads this option on every command, so turning it off now takes effect for the next one.
    client.options.enableOfflineQueue = false;
  });
  return client;
}

function newClient(extra: RedisOptions, url: string | undefined): RedisClient {
  if (url !== undefined || env.REDIS_CLUSTER_NODES.length === 0)
    return new Redis(url ?? env.REDIS_URL, { ...options, ...extra });
  const { enableAutoPipelining, lazyConnect, enableOfflineQueue, ...perNode } = { ...options, ...extra };
  const nodes = env.REDIS_CLUSTER_NODES.map((node) => {
    const [host, port] = node.split(":");
    return { host: host!, port: Number(port) };
  });
  return new Cluster(nodes, { enableAutoPipelining, lazyConnect, enableOfflineQueue, redisOptions: perNode });
}

/** The shared command connection. Subscribers need their own (`createRedis()`), as a subscribed connection can do nothing else. */
export const redis = globalSingleton("redis", () => createCommandRedis());
