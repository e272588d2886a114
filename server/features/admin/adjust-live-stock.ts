import { readFileSync } from "node:fs";
import path from "node:path";
import type Redis from "ioredis";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { redis as sharedRedis } from "@/server/infra/redis";

type AdjustCaller = (stockKey: string, pendingKey: string, delta: number, dbStockAfter: number) => Promise<[string, number]>;

const registered = new WeakSet<Redis>();
let lua: string | undefined;

// defineCommand: EVALSHA with a NOSCRIPT fallback to EVAL, registered once per client.
function adjustCommand(client: Redis): AdjustCaller {
  if (!registered.has(client)) {
    lua ??= readFileSync(path.join(process.cwd(), "lua", "adjust-stock.lua"), "utf8");
    client.defineCommand("adminAdjustStock", { numberOfKeys: 2, lua });
    registered.add(client);
  }
  return (client as unknown as { adminAdjustStock: AdjustCaller }).adminAdjustStock.bind(client);
}

export type AdjustOutcome =
  | { status: "adjusted"; stock: number }
  | { status: "absent"; available: number }
  | { status: "insufficient"; available: number };

/** Adds `delta` to the live stock key if it exists, refusing to go below zero (what is sold or held). */
export async function adjustLiveStock(
  couponId: number,
  delta: number,
  dbStockAfter: number,
  client: Redis = sharedRedis,
): Promise<AdjustOutcome> {
  const keys = couponKeys(couponId);
  const [status, value] = await adjustCommand(client)(keys.stock, keys.pending, delta, dbStockAfter);
  if (status === "ADJUSTED") return { status: "adjusted", stock: Number(value) };
  if (status === "ABSENT") return { status: "absent", available: Number(value) };
  return { status: "insufficient", available: Number(value) };
}
