import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import { reserveCoupon } from "@/server/features/inventory/scripts";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import type { OrderEvent } from "@/server/events/order-event";
import type { OrderPublisher } from "@/server/features/orders/order-publisher";
import { REPUBLISH_CHUNK, sweepPendingOrders, sweptKey } from "@/server/features/payments/sweep-pending-orders";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createPaymentUpdatePublisher } from "@/server/realtime/payment-updates";
import { createCoupon } from "@/tests/support/sale-fixtures";

/*
 * Pending records made straight with the purchase script, swept with a recording publisher: nothing reaches
 * Kafka, and the coupons are removed from the loaded set afterwards so the stack's own sweeper never sees them.
 */
const results = createPaymentUpdatePublisher(redis);
const couponsMade: number[] = [];
after(async () => {
  for (const couponId of couponsMade) {
    const keys = couponKeys(couponId);
    await redis.del(keys.stock, keys.buyers, keys.pending, keys.sale, sweptKey(couponId));
    await redis.srem(loadedSalesKey, String(couponId));
  }
  await closeConnections();
});

async function saleWithPending(count: number): Promise<number> {
  const couponId = await createCoupon({ stock: count });
  couponsMade.push(couponId);
  assert.equal((await warmCouponSale(couponId, { waitMs: 15_000 })).status, "loaded");
  for (let i = 0; i < count; i += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - i) }, () =>
        reserveCoupon(redis, { couponId, userId: `sweep-${randomUUID()}`, orderId: randomUUID() }),
      ),
    );
  }
  assert.equal(await redis.hlen(couponKeys(couponId).pending), count);
  return couponId;
}

function recordingPublisher(refuse: (event: OrderEvent) => boolean = () => false) {
  const requests: OrderEvent[][] = [];
  const publisher: OrderPublisher = {
    publish: async () => undefined,
    publishNow: async (events) => {
      if (events.some(refuse)) throw new Error("broker refused the request");
      requests.push(events);
    },
    close: async () => undefined,
  };
  return { publisher, requests };
}

describe("pending-order sweeper", { timeout: 60_000 }, () => {
  it("when a backlog keeps records pending, then each is republished once per interval, not at every sweep", async () => {
    const couponId = await saleWithPending(3);
    const { publisher, requests } = recordingPublisher();
    const first = await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 0, couponIds: [couponId] });
    assert.equal(first.republished, 3);
    const second = await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 0, couponIds: [couponId] });
    assert.deepEqual([second.republished, second.recentlySwept], [0, 3]);
    assert.equal(requests.flat().length, 3);
    // Once the interval has passed, a record still pending is due again.
    const later = await sweepPendingOrders({
      redis,
      publisher,
      results,
      staleAfterMs: 0,
      republishIntervalMs: 0,
      couponIds: [couponId],
    });
    assert.equal(later.republished, 3);
  });

  it("when many records are stale, then they leave in produce requests of at most the chunk size, every one exactly once", async () => {
    const count = REPUBLISH_CHUNK * 2 + 37;
    const couponId = await saleWithPending(count);
    const { publisher, requests } = recordingPublisher();
    const result = await sweepPendingOrders({ redis, publisher, results, staleAfterMs: 0, couponIds: [couponId] });
    assert.equal(result.republished, count);
    assert.ok(
      requests.every((request) => request.length <= REPUBLISH_CHUNK),
      JSON.stringify(requests.map((r) => r.length)),
    );
    assert.equal(new Set(requests.flat().map((event) => event.orderId)).size, count);
    // ~200 bytes an event: the largest request stays far below the broker's 1 MiB limit.
    assert.ok(Math.max(...requests.map((request) => JSON.stringify(request).length)) < 512 * 1024);
  });

  it("when one coupon's republish fails, then the other coupons are swept anyway and the failed one is due at the next sweep", async () => {
    const broken = await saleWithPending(2);
    const healthy = await saleWithPending(2);
    const { publisher, requests } = recordingPublisher((event) => event.couponId === broken);
    const result = await sweepPendingOrders({
      redis,
      publisher,
      results,
      staleAfterMs: 0,
      couponIds: [broken, healthy],
    });
    assert.deepEqual(result.failedCoupons, [broken]);
    assert.equal(result.republished, 2);
    assert.ok(requests.flat().every((event) => event.couponId === healthy));
    const retry = await sweepPendingOrders({
      redis,
      publisher: recordingPublisher().publisher,
      results,
      staleAfterMs: 0,
      couponIds: [broken],
    });
    assert.equal(retry.republished, 2, "a refused chunk is not marked as swept");
  });
});
