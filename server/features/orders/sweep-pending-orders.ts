import type Redis from "ioredis";
import { couponKeys, loadedSalesKey } from "@/server/features/inventory/coupon-keys";
import { findSettledOrders } from "@/server/features/inventory/sale-repository";
import { decodeOrderEvent, type OrderEvent } from "@/server/features/orders/order-event";
import type { OrderPublisher } from "@/server/features/orders/order-publisher";
import { finishSettlement } from "@/server/features/payments/finish-settlement";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("pending-sweeper");

export const DEFAULT_STALE_AFTER_MS = 30_000;

export interface SweepResult {
  /** Pending records whose order MySQL did not have: published to Kafka again. */
  republished: number;
  /** Pending records whose order MySQL had settled (a crash after commit): finished in Redis now. */
  finished: number;
}

/**
 * The outbox relay for what the purchase path could not deliver: a pending record older than `staleAfterMs`
 * means its event was lost (the process died between Redis and Kafka) or its settlement stopped halfway.
 * Safe to run twice at once, or to re-publish an event still in flight: settlement is idempotent by order id.
 */
export async function sweepPendingOrders(options: {
  redis: Redis;
  publisher: OrderPublisher;
  staleAfterMs?: number;
}): Promise<SweepResult> {
  const { redis, publisher } = options;
  const [seconds, micros] = await redis.time();
  const cutoff = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  const result: SweepResult = { republished: 0, finished: 0 };

  for (const member of await redis.smembers(loadedSalesKey)) {
    const couponId = Number(member);
    const records = await redis.hvals(couponKeys(couponId).pending);
    const stale: OrderEvent[] = [];
    for (const record of records) {
      try {
        const event = decodeOrderEvent(record);
        if (event.reservedAt < cutoff) stale.push(event);
      } catch (error) {
        log.error({ err: error, couponId, record }, "unreadable pending record");
      }
    }
    if (stale.length === 0) continue;

    const settled = await findSettledOrders(stale.map((event) => event.orderId));
    const done = stale.flatMap((event) => {
      const row = settled.get(event.orderId);
      if (!row || row.status === "PENDING") return [];
      return [{ event, status: row.status, reason: row.failureReason }];
    });
    await finishSettlement(redis, done);
    const lost = stale.filter((event) => !settled.has(event.orderId));
    await publisher.publishNow(lost);
    result.finished += done.length;
    result.republished += lost.length;
    if (lost.length > 0 || done.length > 0) log.warn({ couponId, republished: lost.length, finished: done.length }, "swept stale pending orders");
  }
  return result;
}
