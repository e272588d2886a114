import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { couponKeys, idempotencyKeyOf } from "@/server/keys/coupon-keys";
import { purchaseArgs } from "@/server/features/inventory/scripts";
import { luaScripts } from "@/server/infra/lua-scripts";
import { env } from "@/server/env";
import { redis } from "@/server/infra/redis";
import { deleteKeys, scanKeys } from "@/server/infra/redis-client";
import { parseRedisBenchmarkCsv, type RedisBenchLine } from "@/bench/redis-benchmark-csv";

const run = promisify(execFile);

/**
 * Redis's own ceiling, from `redis-benchmark` (Debian redis-tools) on the same Redis: our purchase script by
 * EVALSHA against INCR, 50 clients, no pipelining. The script runs its full write path: every call is a new user
 * (`__rand_int__`) with its own Idempotency-Key on a coupon with more stock than calls. The coupon is a scratch id that is not in
 * `sales:loaded`, so the sweeper and the auditor never see it, and its keys are deleted afterwards.
 */

export async function redisCeilings(requests: number): Promise<{ evalsha: RedisBenchLine; incr: RedisBenchLine }> {
  const url = new URL(env.REDIS_URL);
  const base = ["-h", url.hostname, "-p", url.port || "6379", "-n", String(requests), "-c", "50", "-P", "1", "--csv"];
  if (url.pathname.length > 1) base.push("--dbnum", url.pathname.slice(1));
  const script = await readFile(path.join(process.cwd(), "lua", "purchase.lua"), "utf8");
  const sha = String(await redis.script("LOAD", script));
  const scratch = 900_000_000 + Math.floor(Math.random() * 1_000_000);
  const keys = couponKeys(scratch);
  const incrKey = `bench:incr:${scratch}`;
  const now = Date.now();
  await redis.hset(keys.sale, "state", "ACTIVE", "startMs", now - 60_000, "endMs", now + 3_600_000, "price", 1);
  await redis.set(keys.stock, requests * 10);
  try {
    // Shaped like the browser's purchase: a fresh user and a fresh Idempotency-Key on every call.
    const args = purchaseArgs({
      couponId: scratch,
      userId: "bench-user-__rand_int__",
      orderId: "bench-order-__rand_int__",
      idempotencyKey: "click-__rand_int__",
    });
    const evalsha = await run("redis-benchmark", [
      ...base,
      "-r",
      "1000000000",
      "EVALSHA",
      sha,
      String(luaScripts.flashPurchase.numberOfKeys),
      ...args.map(String),
    ]);
    const incr = await run("redis-benchmark", [...base, "INCR", incrKey]);
    const [evalLine] = parseRedisBenchmarkCsv(evalsha.stdout);
    const [incrLine] = parseRedisBenchmarkCsv(incr.stdout);
    if (!evalLine || !incrLine) throw new Error(`redis-benchmark gave no result:\n${evalsha.stdout}\n${incr.stdout}`);
    return { evalsha: { ...evalLine, command: "EVALSHA purchase.lua" }, incr: { ...incrLine, command: "INCR" } };
  } finally {
    await redis.del(keys.sale, keys.stock, keys.buyers, keys.pending, incrKey);
    // The script remembered every call's Idempotency-Key for a day: those go too.
    await deleteKeys(redis, await scanKeys(redis, idempotencyKeyOf(scratch, "*", "*")));
  }
}
