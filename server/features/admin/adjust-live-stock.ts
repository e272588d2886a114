import type { RedisClient } from "@/server/infra/redis-client";
import { couponKeys } from "@/server/keys/coupon-keys";
import { luaCommand } from "@/server/infra/lua-scripts";
import { redis as sharedRedis } from "@/server/infra/redis";

type AdjustCaller = (...args: (string | number)[]) => Promise<[string, number]>;

export type AdjustOutcome =
  | { status: "adjusted"; stock: number }
  | { status: "absent"; available: number }
  | { status: "insufficient"; available: number };

/** Adds `delta` to the live stock key if it exists, refusing to go below zero (what is sold or held). */
export async function adjustLiveStock(
  couponId: number,
  delta: number,
  dbStockAfter: number,
  client: RedisClient = sharedRedis,
): Promise<AdjustOutcome> {
  const keys = couponKeys(couponId);
  const adjust = luaCommand(client, "adminAdjustStock") as AdjustCaller;
  const [status, value] = await adjust(keys.stock, keys.pending, delta, dbStockAfter);
  if (status === "ADJUSTED") return { status: "adjusted", stock: Number(value) };
  if (status === "ABSENT") return { status: "absent", available: Number(value) };
  return { status: "insufficient", available: Number(value) };
}
