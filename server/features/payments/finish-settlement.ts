import type { RedisClient } from "@/server/infra/redis-client";
import { couponKeys } from "@/server/keys/coupon-keys";
import { releaseReservation } from "@/server/features/inventory/scripts";
import type { OrderEvent } from "@/server/events/order-event";
import { findCouponNames, findCredits } from "@/server/features/payments/settlement-repository";
import { findSocketServerIds } from "@/server/features/orders/socket-presence";
import type { SettlementResults } from "@/server/features/payments/settlement-results";
import { saleOutcomes } from "@/server/features/sales/sale-outcomes";

export interface SettledOrder {
  event: OrderEvent;
  status: "PAID" | "FAILED";
  reason: string | null;
  /** Already settled before (a redelivered event): reported again, not counted again. */
  replayed?: boolean;
}

/**
 * The Redis half of settlement, run after the MySQL commit (and again, harmlessly, on a replay):
 * PAID → the pending record goes; FAILED → rollback.lua gives the unit back and frees the user to try again,
 * unless the user owns the coupon through another order. Then the shopper's instance is told, through `results`.
 */
export async function finishSettlement(
  redis: RedisClient,
  settled: SettledOrder[],
  results: SettlementResults,
): Promise<void> {
  if (settled.length === 0) return;
  await Promise.all(
    settled.map((order) =>
      order.status === "PAID"
        ? redis.hdel(couponKeys(order.event.couponId).pending, order.event.orderId)
        : releaseReservation(redis, order.event, { keepBuyer: order.reason === "ALREADY_OWNED" }),
    ),
  );
  countOutcomes(redis, settled);
  await notifyShoppers(redis, settled, results);
}

async function notifyShoppers(redis: RedisClient, settled: SettledOrder[], results: SettlementResults) {
  const withoutServer = [
    ...new Set(settled.filter((order) => !order.event.serverId).map((order) => order.event.userId)),
  ];
  const [credits, names, holders] = await Promise.all([
    findCredits([...new Set(settled.map((order) => order.event.userId))]),
    findCouponNames([...new Set(settled.map((order) => order.event.couponId))]),
    findSocketServerIds(redis, withoutServer),
  ]);
  await results.publish(
    settled.map((order) => ({
      serverId: order.event.serverId ?? holders.get(order.event.userId) ?? null,
      update: {
        orderId: order.event.orderId,
        userId: order.event.userId,
        couponId: order.event.couponId,
        couponName: names.get(order.event.couponId) ?? null,
        status: order.status,
        ...(order.reason ? { failureReason: order.reason } : {}),
        credit: credits.get(order.event.userId) ?? 0,
      },
    })),
  );
}

/** Settlement results for the live sale view; a replay was counted when it first settled. */
function countOutcomes(redis: RedisClient, settled: SettledOrder[]) {
  const counter = saleOutcomes(redis);
  for (const order of settled) {
    if (!order.replayed)
      counter.record(order.event.couponId, order.status === "PAID" ? "PAID" : `FAILED_${order.reason ?? "UNKNOWN"}`);
  }
}
