import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createCoupon } from "@/tests/support/sale-fixtures";

/**
 * The catalogue as shoppers reach it: through NGINX's one-second micro-cache. A crowd is served from
 * the cache, yet the stock it shows follows the live stock key within about a second.
 */
const base = "http://127.0.0.1:8080";

after(() => closeConnections());

async function couponThroughEdge(id: number) {
  const response = await fetch(`${base}/api/coupons/${id}`);
  return {
    status: response.status,
    cache: response.headers.get("x-cache-status"),
    body: (await response.json()) as { stock: number },
  };
}

describe("catalogue behind the NGINX micro-cache", () => {
  it("when a coupon is read twice in a row, then the second answer comes from the cache; a sale's stock shows within ~1 s", async () => {
    const id = await createCoupon({ stock: 5 });
    await warmCouponSale(id);
    // Written straight to MySQL, as the admin backend would not: tell the catalogue, as the admin backend does.
    await invalidateCoupon(id);
    const first = await couponThroughEdge(id);
    const second = await couponThroughEdge(id);
    assert.deepEqual([first.status, first.body.stock], [200, 5]);
    assert.equal(second.cache, "HIT");
    assert.equal(second.body.stock, 5);

    await redis.decrby(couponKeys(id).stock, 2);
    const sold = performance.now();
    let seen = second;
    while (seen.body.stock !== 3 && performance.now() - sold < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await couponThroughEdge(id);
    }
    const lagMs = performance.now() - sold;
    assert.equal(seen.body.stock, 3, "the sale's stock reached the edge");
    // One second of cache plus the refill; a loaded 2-core test machine adds up to a second more. Minutes would
    // mean the cache never expires.
    assert.ok(lagMs < 3_000, `stock shown ${Math.round(lagMs)} ms after the sale (cache 1 s)`);
  });

  it("when a coupon does not exist, then 404 is cached too, and a bad id never reaches the cache location", async () => {
    const missing = await fetch(`${base}/api/coupons/1999999999`);
    const again = await fetch(`${base}/api/coupons/1999999999`);
    assert.deepEqual([missing.status, again.status, again.headers.get("x-cache-status")], [404, 404, "HIT"]);
    const bad = await fetch(`${base}/api/coupons/abc`);
    assert.deepEqual([bad.status, bad.headers.get("x-cache-status")], [400, null]);
  });
});
