import { readFileSync } from "node:fs";
import path from "node:path";
import type { RedisClient } from "@/server/infra/redis-client";

/**
 * The registry of the repo's Lua scripts (`lua/*.lua`, each with a header naming its KEYS/ARGV/returns).
 * Every client gets all of them at creation with ioredis `defineCommand`: EVALSHA with an EVAL fallback on
 * NOSCRIPT (a restarted Redis forgets its script cache), usable inside (auto-)pipelines. Defining them at
 * creation matters: ioredis copies a client's commands into a pipeline when the pipeline is made, so a command
 * defined lazily in a tick whose auto-pipeline already exists is missing from it ("pipeline[name] is not a
 * function", an uncaught error).
 */
export const luaScripts = {
  flashPurchase: { file: "purchase.lua", numberOfKeys: 8 },
  flashRollback: { file: "rollback.lua", numberOfKeys: 3 },
  flashWarmSale: { file: "warm-sale.lua", numberOfKeys: 4 },
  adminAdjustStock: { file: "adjust-stock.lua", numberOfKeys: 2 },
  leaseRenew: { file: "lease-renew.lua", numberOfKeys: 1 },
  leaseRelease: { file: "lease-release.lua", numberOfKeys: 1 },
  roomOpen: { file: "room-open.lua", numberOfKeys: 1 },
  roomJoin: { file: "room-join.lua", numberOfKeys: 3 },
  roomAdmit: { file: "room-admit.lua", numberOfKeys: 4 },
} as const;

export type LuaScriptName = keyof typeof luaScripts;
export type LuaCaller = (...args: (string | number)[]) => Promise<unknown>;

const sources = new Map<LuaScriptName, string>();

function source(name: LuaScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) {
    lua = readFileSync(path.join(process.cwd(), "lua", luaScripts[name].file), "utf8");
    sources.set(name, lua);
  }
  return lua;
}

export function defineLuaScripts(redis: RedisClient): RedisClient {
  for (const name of Object.keys(luaScripts) as LuaScriptName[]) {
    redis.defineCommand(name, { numberOfKeys: luaScripts[name].numberOfKeys, lua: source(name) });
  }
  return redis;
}

/** The script as a function on this client; every client made by `createRedis()` has them all. */
export function luaCommand(redis: RedisClient, name: LuaScriptName): LuaCaller {
  const caller = (redis as unknown as Record<string, LuaCaller | undefined>)[name];
  if (!caller) throw new Error(`Lua script ${name} is not defined on this Redis client (create it with createRedis())`);
  return caller.bind(redis);
}
