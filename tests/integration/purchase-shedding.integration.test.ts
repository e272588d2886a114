import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { Admission, isShed } from "@/server/features/orders/admission";
import { createOrderPublisher, type OrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createCoupon, createUsers, ensureOrderTopics, waitForNoPending } from "@/tests/support/sale-fixtures";

const realPublisher = createOrderPublisher();

after(async () => {
  await realPublisher.close();
  await closeConnections();
});

describe("purchase load shedding", () => {
  it("when more purchases arrive than the instance works on at once, then the excess gets a fast 503 and reserves nothing", async () => {
    await ensureOrderTopics();
    const couponId = await createCoupon({ stock: 10, price: 100 });
    await warmCouponSale(couponId);
    const users = await createUsers(5);
    // A slow broker: every accepted purchase holds its slot for 300 ms before the real publish.
    const slowPublisher: OrderPublisher = {
      ...realPublisher,
      publish: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await realPublisher.publish(event);
      },
    };
    const admission = new Admission(2);
    const started = Date.now();
    const results = await Promise.allSettled(
      users.map((userId) => purchaseCoupon({ userId, couponId }, { publisher: slowPublisher, admission })),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const shed = results.filter((r) => r.status === "rejected" && isShed(r.reason));
    assert.equal(accepted.length, 2, "two purchases fit the cap");
    assert.equal(shed.length, 3, "the rest were shed");
    assert.equal(await redis.get(couponKeys(couponId).stock), "8", "only the admitted purchases took stock");
    assert.equal(await redis.scard(couponKeys(couponId).buyers), 2);
    assert.ok(Date.now() - started < 2_000);

    // Once the slots are free, a shed shopper gets in.
    const shedUser = users[results.findIndex((r) => r.status === "rejected")]!;
    const retried = await purchaseCoupon({ userId: shedUser, couponId }, { publisher: realPublisher, admission });
    assert.equal(retried.status, "PENDING");
    await waitForNoPending(couponId, 30_000);
  });
});
