import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";
import { orderIdParam, type MyOrderView, type OrderView } from "@/contract/orders";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import { decodeOrderEvent } from "@/server/events/order-event";
import { findOrder, listUserOrders } from "@/server/features/orders/orders-repository";
import { AppError } from "@/server/errors";
import { redis as sharedRedis } from "@/server/infra/redis";

export type { MyOrderView, OrderView };

/**
 * The truth about one order, for its owner only: the MySQL row once settled, else the pending record in
 * Redis. Someone else's order and an unknown id look the same (404), so ids cannot be probed.
 */
export async function getOrder(
  userId: string,
  orderId: string,
  deps: { redis?: RedisClient } = {},
): Promise<OrderView> {
  if (!orderIdParam.safeParse(orderId).success) throw new AppError("NOT_FOUND", { message: "No such order." });
  const row = await findOrder(orderId);
  if (row) {
    if (row.userId !== userId) throw new AppError("NOT_FOUND", { message: "No such order." });
    return {
      orderId: row.id,
      couponId: row.couponId,
      status: row.status,
      ...(row.failureReason ? { failureReason: row.failureReason } : {}),
      price: row.price,
      createdAt: row.createdAt.toISOString(),
    };
  }
  const pending = await findPendingRecord(deps.redis ?? sharedRedis, orderId);
  if (!pending || pending.userId !== userId) throw new AppError("NOT_FOUND", { message: "No such order." });
  return {
    orderId,
    couponId: pending.couponId,
    status: "PENDING",
    price: pending.price,
    createdAt: new Date(pending.reservedAt).toISOString(),
  };
}

/** The pending hash is per coupon; the loaded sales are few, so one pipelined HGET per sale finds it. */
async function findPendingRecord(redis: RedisClient, orderId: string) {
  const couponIds = await redis.smembers(loadedSalesKey);
  if (couponIds.length === 0) return undefined;
  const replies = await execPerMaster(
    redis,
    couponIds.map((id) => ({
      key: couponKeys(Number(id)).pending,
      queue: (pipeline) => pipeline.hget(couponKeys(Number(id)).pending, orderId),
    })),
  );
  for (const [error, value] of replies) {
    if (!error && typeof value === "string") return decodeOrderEvent(value);
  }
  return undefined;
}

/** "My coupons": the user's settled orders (PAID and FAILED), newest first. */
export async function listMyOrders(userId: string, limit = 100): Promise<MyOrderView[]> {
  const rows = await listUserOrders(userId, limit);
  return rows.map((row) => ({
    orderId: row.id,
    couponId: row.couponId,
    couponName: row.couponName,
    status: row.status,
    ...(row.failureReason ? { failureReason: row.failureReason } : {}),
    price: row.price,
    createdAt: row.createdAt.toISOString(),
  }));
}
