import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { coupons } from "@/drizzle/schema";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { auditVerdict, getSaleStats } from "@/server/features/sales/get-sale-stats";
import { saleOutcomes } from "@/server/features/sales/sale-outcomes";
import { admitNext, joinRoom, LIVE_ROOMS_KEY } from "@/server/features/waiting-room/room-scripts";
import { db } from "@/server/infra/db";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createCoupon, createUsers, ensureOrderTopics, waitForNoPending } from "@/tests/support/sale-fixtures";

const publisher = createOrderPublisher();

after(async () => {
  await publisher.close();
  await closeConnections();
});

// Here rather than beside get-sale-stats: it drives the orders feature to feed the stats, and the sales feature
// must not import orders (orders records its outcomes through sales).
describe("sale stats for the live sale view", () => {
  it("when a sale runs, then outcomes are counted by reason and the auditor's verdict is OK", async () => {
    await ensureOrderTopics();
    const couponId = await createCoupon({ stock: 2, price: 100 });
    await warmCouponSale(couponId);
    const [first, second, third] = await createUsers(3);
    const attempt = (userId: string) =>
      purchaseCoupon({ userId, couponId }, { publisher }).catch((error: unknown) => error);
    await attempt(first!);
    await attempt(first!);
    await attempt(second!);
    await attempt(third!);
    await saleOutcomes(redis).flush();

    const stats = await getSaleStats(couponId);
    assert.deepEqual(
      { accepted: stats.outcomes.ACCEPTED, owned: stats.outcomes.ALREADY_PURCHASED, soldOut: stats.outcomes.SOLD_OUT },
      { accepted: 2, owned: 1, soldOut: 1 },
    );
    assert.equal(stats.remaining, 0);
    assert.equal(stats.audit, "OK");
    assert.equal(stats.room, null, "a sale without a waiting room has no room stats");
    assert.ok(stats.kafkaLag === null || stats.kafkaLag >= 0);
    assert.ok((await redis.ttl(couponKeys(couponId).outcomes)) > 0, "counts expire after the sale");

    // The running stack's worker settles the two accepted orders.
    await waitForNoPending(couponId, 30_000);
    const settled = await getSaleStats(couponId);
    assert.equal(settled.sold, 2);
    assert.equal(settled.pendingSettlement, 0);
    // The worker counts settlement results in batches once a second.
    for (let i = 0; i < 30 && (await getSaleStats(couponId)).outcomes.PAID !== 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.equal((await getSaleStats(couponId)).outcomes.PAID, 2);
    assert.equal(settled.audit, "OK");
  });

  it("when a sale has a waiting room, then the stats count its line, admissions and purchases through it", async () => {
    await ensureOrderTopics();
    const couponId = await createCoupon({ stock: 2, price: 100 });
    await db
      .update(coupons)
      .set({ waitingRoom: true, roomAdmitPerSecond: 100, roomMarginPercent: 0 })
      .where(eq(coupons.id, couponId));
    await warmCouponSale(couponId);
    // Ticked by the test alone: the running stack's ticker must not admit anyone in between.
    await redis.srem(LIVE_ROOMS_KEY, String(couponId));
    const [first, second, third] = await createUsers(3);
    // The sale is already open: arrival order is the line's order.
    for (const userId of [first!, second!, third!]) await joinRoom(redis, couponId, userId);
    assert.equal((await admitNext(redis, couponId)).admittedNow, 2, "two units, no margin: two admissions");

    await purchaseCoupon({ userId: first!, couponId }, { publisher });
    await assert.rejects(
      purchaseCoupon({ userId: third!, couponId }, { publisher }),
      (error: { code?: string }) => error.code === "NOT_ADMITTED",
    );
    await saleOutcomes(redis).flush();

    const stats = await getSaleStats(couponId);
    assert.deepEqual(stats.room, {
      state: "open",
      joined: 3,
      waiting: 1,
      holdingAdmission: 1,
      admitted: 2,
      abandoned: 0,
      purchased: 1,
      ratePerSecond: 100,
      conversion: 0.5,
    });
    assert.deepEqual([stats.outcomes.ACCEPTED, stats.outcomes.NOT_ADMITTED, stats.remaining], [1, 1, 1]);
    await waitForNoPending(couponId, 30_000);
  });

  it("when an invariant drifts, then the verdict names it", () => {
    assert.equal(auditVerdict({ redisDrift: 0, dbDrift: 0, ownersDrift: null }), "OK");
    assert.match(
      auditVerdict({ redisDrift: 2, dbDrift: 0, ownersDrift: 1 }),
      /^DRIFT: Redis stock \+ buyers off by 2; 1 buyers differ/,
    );
  });

  it("when the coupon does not exist, then the stats answer NOT_FOUND", async () => {
    await assert.rejects(getSaleStats(2_000_000_000), (error: { code?: string }) => error.code === "NOT_FOUND");
  });
});
