import type Redis from "ioredis";
import { couponKeys, loadedSalesKey } from "@/server/features/inventory/coupon-keys";
import { findSale, listSellableCouponIds, withSaleLocked } from "@/server/features/inventory/sale-repository";
import { runWarmSale } from "@/server/features/inventory/scripts";
import { tryWithLock } from "@/server/infra/lock";
import { childLogger } from "@/server/infra/logger";
import { redis as sharedRedis } from "@/server/infra/redis";

const log = childLogger("warm-sale");

export type WarmOutcome =
  | { status: "loaded" | "kept"; stock: number }
  /** Unknown coupon: a short-lived DISABLED sale hash now answers NOT_FOUND without another MySQL read. */
  | { status: "not-found" }
  /** Another process holds the warm-up lock for this coupon right now. */
  | { status: "busy" };

/** Long enough to absorb a flood of purchases for an id that does not exist; short enough for a new coupon. */
const UNKNOWN_COUPON_TTL_MS = 30_000;
const LOCK_LEASE_MS = 5_000;

export function warmLockKey(couponId: number): string {
  return `lock:warm:{coupon:${couponId}}`;
}

/**
 * Loads one coupon's sale into Redis: the sale hash always (the admin calls this after every edit), and the
 * stock and buyers only when the stock key is missing, or when `force` is set (reconcile --fix). A live stock
 * key is never clobbered otherwise: it is the reservation ledger. stock = DB stock − unsettled pending
 * records; buyers = owners of PAID orders ∪ users of unsettled pending records. Idempotent: running it twice
 * changes nothing, and it never resurrects a unit held by a pending order.
 * Runs under a per-coupon mutex so a flood of purchases that all found the key missing rebuilds it once.
 */
export async function warmCouponSale(
  couponId: number,
  options: { force?: boolean; redis?: Redis } = {},
): Promise<WarmOutcome> {
  const client = options.redis ?? sharedRedis;
  const attempt = await tryWithLock(warmLockKey(couponId), () => loadSale(client, couponId, options.force ?? false), {
    leaseMs: LOCK_LEASE_MS,
    client,
  });
  return attempt.acquired ? attempt.value : { status: "busy" };
}

async function loadSale(redis: Redis, couponId: number, force: boolean): Promise<WarmOutcome> {
  const keys = couponKeys(couponId);
  if (!force && (await redis.exists(keys.stock)) === 1) {
    // The common admin case: rules changed, the live stock stays. No row lock needed.
    const sale = await findSale(couponId);
    if (!sale) return markUnknown(redis, couponId);
    return runWarmSale(redis, { ...saleArgs(sale), couponId, force: false, dbStock: sale.stock, settledOrderIds: [], owners: [] })
      .then((result) => finish(redis, couponId, result));
  }
  const result = await withSaleLocked(couponId, async (reader) => {
    // Read the pending hash under the row lock: no PAID settlement for this coupon can commit until we are done.
    const pendingIds = await redis.hkeys(keys.pending);
    const settled = await reader.settledOrderIds(pendingIds);
    const owners = await reader.paidOwners();
    return runWarmSale(redis, {
      ...saleArgs(reader.sale),
      couponId,
      force,
      dbStock: reader.sale.stock,
      settledOrderIds: settled,
      owners,
    });
  });
  if (!result) return markUnknown(redis, couponId);
  return finish(redis, couponId, result);
}

function saleArgs(sale: { price: number; startMs: number; endMs: number; state: string }) {
  return { price: sale.price, startMs: sale.startMs, endMs: sale.endMs, state: sale.state };
}

async function finish(redis: Redis, couponId: number, result: { loaded: boolean; stock: number }): Promise<WarmOutcome> {
  await redis.sadd(loadedSalesKey, String(couponId));
  if (result.loaded) log.info({ couponId, stock: result.stock }, "sale loaded into Redis");
  return { status: result.loaded ? "loaded" : "kept", stock: result.stock };
}

async function markUnknown(redis: Redis, couponId: number): Promise<WarmOutcome> {
  const { sale } = couponKeys(couponId);
  await redis.multi().hset(sale, "state", "DISABLED", "startMs", 0, "endMs", 0, "price", 0).pexpire(sale, UNKNOWN_COUPON_TTL_MS).exec();
  return { status: "not-found" };
}

/** Loads every sale that can still sell (npm start, scripts/warm-stock.ts). Live stock keys are kept. */
export async function warmAllSales(options: { force?: boolean; redis?: Redis } = {}) {
  const ids = await listSellableCouponIds();
  const outcomes: Record<WarmOutcome["status"], number> = { loaded: 0, kept: 0, "not-found": 0, busy: 0 };
  for (const couponId of ids) {
    const outcome = await warmCouponSale(couponId, options);
    outcomes[outcome.status] += 1;
  }
  return { coupons: ids.length, ...outcomes };
}
