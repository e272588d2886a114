import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { rateLimitKeyOf, reserveCoupon, type PurchaseRateLimit } from "@/server/features/inventory/scripts";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { env } from "@/server/env";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";

/**
 * The per-user purchase limit inside purchase.lua (GCRA), against the real Redis, and its 429 at an instance
 * (straight to its port: NGINX's own limits are rate-limit-edge.integration.test.ts).
 */
const limit: PurchaseRateLimit = { perSecond: 2, burst: 3 };
const instance = "http://127.0.0.1:3001";

let couponId: number;

before(async () => {
  couponId = await createCoupon({ stock: 100, price: 1 });
  await warmCouponSale(couponId);
});

after(() => closeConnections());

const reserve = (userId: string, idempotencyKey?: string) =>
  reserveCoupon(redis, { couponId, userId, orderId: randomUUID(), idempotencyKey, rateLimit: limit });

describe("per-user purchase limit in purchase.lua", () => {
  it("when one user calls past the burst, then RATE_LIMITED names the wait, and after it the next call is allowed", async () => {
    const userId = `rl-${randomUUID()}`;
    const codes = [];
    for (let i = 0; i < limit.burst; i += 1) codes.push((await reserve(userId)).code);
    assert.deepEqual(codes, ["OK", "ALREADY_PURCHASED", "ALREADY_PURCHASED"]);

    const refused = await reserve(userId);
    assert.equal(refused.code, "RATE_LIMITED");
    assert.ok(refused.remaining > 0 && refused.remaining <= 1000 / limit.perSecond, `wait ${refused.remaining} ms`);
    // Refused calls do not push the bucket further out: the wait only shrinks.
    const again = await reserve(userId);
    assert.equal(again.code, "RATE_LIMITED");
    assert.ok(again.remaining <= refused.remaining);

    await new Promise((resolve) => setTimeout(resolve, again.remaining + 20));
    assert.equal((await reserve(userId)).code, "ALREADY_PURCHASED");
  });

  it("when a user is idle, then the limit's key expires and costs no memory", async () => {
    const userId = `rl-${randomUUID()}`;
    await reserve(userId);
    const ttl = await redis.pttl(rateLimitKeyOf(couponId, userId));
    assert.ok(ttl > 0 && ttl <= 1000 / limit.perSecond, `pttl ${ttl}`);
  });

  it("when a limited click is retried with its Idempotency-Key, then it gets its order, not RATE_LIMITED", async () => {
    const userId = `rl-${randomUUID()}`;
    const first = await reserve(userId, "click-1");
    assert.equal(first.code, "OK");
    const codes = [];
    for (let i = 0; i < limit.burst; i += 1) codes.push((await reserve(userId)).code);
    assert.equal(codes.at(-1), "RATE_LIMITED");
    const retried = await reserve(userId, "click-1");
    assert.deepEqual([retried.code, retried.orderId], ["REPLAY", first.orderId]);
  });

  it("when 30 clicks of one user arrive at once, then one order, and at most the burst reaches the sale checks", async () => {
    const userId = `rl-${randomUUID()}`;
    const codes = (await Promise.all(Array.from({ length: 30 }, () => reserve(userId)))).map((r) => r.code);
    assert.equal(codes.filter((c) => c === "OK").length, 1);
    assert.equal(codes.filter((c) => c === "ALREADY_PURCHASED").length, limit.burst - 1);
    assert.equal(codes.filter((c) => c === "RATE_LIMITED").length, 30 - limit.burst);
  });
});

describe("per-user purchase limit over HTTP", () => {
  it("when a real user buys faster than the configured limit, then 429 RATE_LIMITED with a whole-second Retry-After", async () => {
    const shopper = await createKeycloakUser();
    const token = await passwordGrant(shopper.email, shopper.password);
    const attempts = env.PURCHASE_RATE_BURST + 3;
    const answers = await Promise.all(
      Array.from({ length: attempts }, async () => {
        const response = await fetch(`${instance}/api/coupons/${couponId}/purchase`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { error?: string };
        return { status: response.status, error: body.error, retryAfter: response.headers.get("retry-after") };
      }),
    );
    assert.equal(answers.filter((a) => a.status === 202).length, 1);
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(limited.length, attempts - env.PURCHASE_RATE_BURST);
    for (const answer of limited) {
      assert.equal(answer.error, "RATE_LIMITED");
      assert.match(answer.retryAfter ?? "", /^[1-9][0-9]*$/);
    }
  });
});
