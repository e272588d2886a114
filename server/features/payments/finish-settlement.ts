import type Redis from "ioredis";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { releaseReservation } from "@/server/features/inventory/scripts";
import type { OrderEvent } from "@/server/features/orders/order-event";
import { findCredits } from "@/server/features/payments/settlement-repository";
import { findSocketServerId, publishPaymentUpdate } from "@/server/realtime/payment-updates";

export interface SettledOrder {
  event: OrderEvent;
  status: "PAID" | "FAILED";
  reason: string | null;
}

/**
 * The Redis half of settlement, run after the MySQL commit (and again, harmlessly, on a replay):
 * PAID → the pending record goes; FAILED → rollback.lua gives the unit back and frees the user to try again,
 * unless the user owns the coupon through another order. Then the shopper's instance is told.
 */
export async function finishSettlement(redis: Redis, settled: SettledOrder[]): Promise<void> {
  if (settled.length === 0) return;
  await Promise.all(
    settled.map((order) =>
      order.status === "PAID"
        ? redis.hdel(couponKeys(order.event.couponId).pending, order.event.orderId)
        : releaseReservation(redis, order.event, { keepBuyer: order.reason === "ALREADY_OWNED" }),
    ),
  );
  await notifyShoppers(redis, settled);
}

async function notifyShoppers(redis: Redis, settled: SettledOrder[]) {
  const credits = await findCredits([...new Set(settled.map((order) => order.event.userId))]);
  await Promise.all(
    settled.map(async (order) => {
      const serverId = order.event.serverId ?? (await findSocketServerId(redis, order.event.userId));
      await publishPaymentUpdate(redis, serverId, {
        orderId: order.event.orderId,
        userId: order.event.userId,
        couponId: order.event.couponId,
        status: order.status,
        ...(order.reason ? { failureReason: order.reason } : {}),
        credit: credits.get(order.event.userId) ?? 0,
      });
    }),
  );
}
