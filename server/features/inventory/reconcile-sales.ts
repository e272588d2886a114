import type { RedisClient } from "@/server/infra/redis-client";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import {
  findPaidOwners,
  findSale,
  findSettledOrders,
  listSellableCouponIds,
} from "@/server/features/inventory/sale-repository";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { decodeOrderEvent } from "@/server/events/order-event";

export interface SaleDifference {
  couponId: number;
  what: string;
  redis: unknown;
  mysql: unknown;
}

/**
 * Compares Redis (sale rules, stock, buyers, pending) with MySQL for every sale that can still sell or is
 * loaded, and returns the differences; with `fix`, rebuilds the differing coupons from MySQL (forced warm-up,
 * which keeps unsettled pending orders reserved). Reads are not one snapshot: run it when the sale is quiet,
 * or run it twice; a difference that shows up both times is real.
 */
export async function reconcileSales(redis: RedisClient, options: { fix?: boolean } = {}) {
  const ids = new Set([...(await listSellableCouponIds()), ...(await redis.smembers(loadedSalesKey)).map(Number)]);
  const differences: SaleDifference[] = [];
  const fixed: number[] = [];
  for (const couponId of [...ids].sort((a, b) => a - b)) {
    const found = await compareSale(redis, couponId);
    differences.push(...found);
    if (options.fix && found.length > 0) {
      const outcome = await warmCouponSale(couponId, { force: true, redis });
      if (outcome.status === "loaded" || outcome.status === "not-found") fixed.push(couponId);
    }
  }
  return { checked: ids.size, differences, fixed };
}

export async function compareSale(redis: RedisClient, couponId: number): Promise<SaleDifference[]> {
  const keys = couponKeys(couponId);
  const sale = await findSale(couponId);
  const diff = (what: string, redisValue: unknown, mysqlValue: unknown): SaleDifference => ({
    couponId,
    what,
    redis: redisValue,
    mysql: mysqlValue,
  });
  if (!sale) {
    const state = await redis.hget(keys.sale, "state");
    return state === null || state === "DISABLED" ? [] : [diff("coupon missing in MySQL", state, null)];
  }
  const [rules, stockRaw, buyers, pendingRecords] = await Promise.all([
    redis.hgetall(keys.sale),
    redis.get(keys.stock),
    redis.smembers(keys.buyers),
    redis.hvals(keys.pending),
  ]);
  const differences: SaleDifference[] = [];
  const expectedRules = { price: sale.price, startMs: sale.startMs, endMs: sale.endMs, state: sale.state };
  for (const [field, value] of Object.entries(expectedRules)) {
    if (rules[field] !== String(value)) differences.push(diff(`sale.${field}`, rules[field] ?? null, value));
  }

  // An ended sale that was never loaded has nothing live to compare.
  if (stockRaw === null && pendingRecords.length === 0 && sale.endMs <= Date.now()) return differences;

  const pending = pendingRecords.map((record) => decodeOrderEvent(record));
  const settled = await findSettledOrders(pending.map((event) => event.orderId));
  const unsettled = pending.filter((event) => !settled.has(event.orderId));
  if (settled.size > 0) differences.push(diff("pending records of settled orders", [...settled.keys()], "settled"));

  const expectedStock = sale.stock - unsettled.length;
  const stock = stockRaw === null ? null : Number(stockRaw);
  if (stock !== expectedStock) differences.push(diff("stock", stock, expectedStock));

  const expectedBuyers = new Set([...(await findPaidOwners(couponId)), ...unsettled.map((event) => event.userId)]);
  const actualBuyers = new Set(buyers);
  const missing = [...expectedBuyers].filter((user) => !actualBuyers.has(user));
  const extra = buyers.filter((user) => !expectedBuyers.has(user));
  if (missing.length > 0) differences.push(diff("buyers missing in Redis", missing.length, missing.slice(0, 20)));
  if (extra.length > 0) differences.push(diff("buyers without an order", extra.slice(0, 20), extra.length));
  return differences;
}
