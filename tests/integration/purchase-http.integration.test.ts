import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { couponKeys } from "@/server/keys/coupon-keys";
import { closeConnections } from "@/server/infra/close-connections";
import { nextDoorHeader } from "@/bench/door";
import { redis } from "@/server/infra/redis";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";
import { appBaseUrl, openAppTarget } from "@/tests/support/app-target";

/**
 * The purchase API over HTTP through NGINX (the running stack): every answer, good or bad, is the same through
 * both doors — the custom server's native route and the App Router handler (`x-bench-door: next`).
 */
// The benchmark's listener: same NGINX locations, without the per-client limits (one token buys here many times
// a second; tests/integration/rate-limit-edge.integration.test.ts covers the limits).
const base = appBaseUrl;
const doors = [
  { name: "native route", headers: {} as Record<string, string>, servedByNext: false },
  { name: "App Router handler", headers: { [nextDoorHeader]: "next" } as Record<string, string>, servedByNext: true },
];

let closeBenchListener: () => Promise<void> = () => Promise.resolve();
before(async () => {
  closeBenchListener = await openAppTarget();
});
after(async () => {
  await closeBenchListener();
  await closeConnections();
});

for (const door of doors) {
  let token: string;
  let couponId: number;

  async function buy(
    path: string,
    init: { body?: string; headers?: Record<string, string>; auth?: string | null } = {},
  ) {
    const auth = init.auth === undefined ? token : init.auth;
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { ...door.headers, ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...init.headers },
      body: init.body,
    });
    // Next's handlers vary on its router headers; the native route does not: proof of which door answered.
    assert.equal(/\brsc\b/.test(response.headers.get("vary") ?? ""), door.servedByNext, `answered by the ${door.name}`);
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: (await response.json()) as { error?: string; orderId?: string; status?: string },
    };
  }

  /** A body sent with chunked transfer encoding (no content-length), as some clients do. */
  function buyChunked(path: string, chunk: string): Promise<{ status: number; body: { error?: string } }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${base}${path}`,
        {
          method: "POST",
          headers: { ...door.headers, authorization: `Bearer ${token}`, "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.on("data", (part: Buffer) => (text += part.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { error?: string } }));
        },
      );
      req.on("error", reject);
      req.write(chunk);
      req.end();
    });
  }

  async function newShopperToken() {
    const shopper = await createKeycloakUser();
    return passwordGrant(shopper.email, shopper.password);
  }

  async function loadedCoupon(options: Parameters<typeof createCoupon>[0]) {
    const id = await createCoupon(options);
    await warmCouponSale(id);
    return id;
  }

  describe(`POST /api/coupons/:id/purchase over HTTP, ${door.name}`, () => {
    before(async () => {
      token = await newShopperToken();
      couponId = await loadedCoupon({ stock: 1, price: 100 });
    });

    it("when the body names price, userId or status, then 400 BAD_REQUEST — also when sent chunked", async () => {
      for (const body of ['{"price":1}', '{"userId":"someone-else"}', '{"status":"PAID"}']) {
        const answer = await buy(`/api/coupons/${couponId}/purchase`, {
          body,
          headers: { "content-type": "application/json" },
        });
        assert.deepEqual([answer.status, answer.body.error], [400, "BAD_REQUEST"], body);
      }
      const chunked = await buyChunked(`/api/coupons/${couponId}/purchase`, '{"price":1}');
      assert.deepEqual([chunked.status, chunked.body.error], [400, "BAD_REQUEST"]);
    });

    it("when the body is not JSON or the id is not a coupon id, then 400; an unknown coupon is 404", async () => {
      const notJson = await buy(`/api/coupons/${couponId}/purchase`, {
        body: "{oops",
        headers: { "content-type": "application/json" },
      });
      assert.deepEqual([notJson.status, notJson.body.error], [400, "BAD_REQUEST"]);
      for (const id of ["abc", "-1", "0", "1.5", "99999999999999999999"]) {
        const answer = await buy(`/api/coupons/${id}/purchase`);
        assert.deepEqual([answer.status, answer.body.error], [400, "BAD_REQUEST"], id);
      }
      const unknown = await buy(`/api/coupons/1999999999/purchase`);
      assert.deepEqual([unknown.status, unknown.body.error], [404, "NOT_FOUND"]);
    });

    it("when no token is sent, then 401 UNAUTHENTICATED", async () => {
      const answer = await buy(`/api/coupons/${couponId}/purchase`, { auth: null });
      assert.deepEqual([answer.status, answer.body.error], [401, "UNAUTHENTICATED"]);
    });

    it("when the shopper buys with no body, then 202 PENDING; again, then 409 ALREADY_PURCHASED", async () => {
      const first = await buy(`/api/coupons/${couponId}/purchase`);
      assert.equal(first.status, 202);
      assert.equal(first.body.status, "PENDING");
      assert.match(first.body.orderId ?? "", /^[0-9a-f-]{36}$/);
      const second = await buy(`/api/coupons/${couponId}/purchase`);
      assert.deepEqual([second.status, second.body.error], [409, "ALREADY_PURCHASED"]);
    });

    it("when the coupon is sold out, the sale has not started, has ended or is paused, then 409 / 403 with the code", async () => {
      const soldOut = await loadedCoupon({ stock: 1 });
      assert.equal((await buy(`/api/coupons/${soldOut}/purchase`, { auth: await newShopperToken() })).status, 202);
      const cases: [number, number, string][] = [
        [soldOut, 409, "SOLD_OUT"],
        [await loadedCoupon({ stock: 5, startOffsetMs: 3_600_000, endOffsetMs: 7_200_000 }), 403, "SALE_NOT_STARTED"],
        [await loadedCoupon({ stock: 5, startOffsetMs: -7_200_000, endOffsetMs: -3_600_000 }), 403, "SALE_ENDED"],
        [await loadedCoupon({ stock: 5, state: "PAUSED" }), 403, "SALE_PAUSED"],
      ];
      for (const [id, status, error] of cases) {
        const answer = await buy(`/api/coupons/${id}/purchase`);
        assert.deepEqual([answer.status, answer.body.error], [status, error], error);
      }
    });

    it("when the sale is not loaded in Redis, then 503 TRY_AGAIN_LATER with Retry-After, and the retry buys", async () => {
      const id = await createCoupon({ stock: 3 });
      const shopperToken = await newShopperToken();
      const first = await buy(`/api/coupons/${id}/purchase`, { auth: shopperToken });
      assert.deepEqual([first.status, first.body.error, first.retryAfter], [503, "TRY_AGAIN_LATER", "1"]);
      const retry = await buy(`/api/coupons/${id}/purchase`, { auth: shopperToken });
      assert.equal(retry.status, 202);
      assert.equal(await redis.get(couponKeys(id).stock), "2");
    });

    it("when the same Idempotency-Key is sent twice, then the first order comes back; under another coupon it is a new purchase", async () => {
      const shopperToken = await newShopperToken();
      const id = await loadedCoupon({ stock: 5 });
      const key = `k-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const first = await buy(`/api/coupons/${id}/purchase`, {
        auth: shopperToken,
        headers: { "idempotency-key": key },
      });
      const again = await buy(`/api/coupons/${id}/purchase`, {
        auth: shopperToken,
        headers: { "idempotency-key": key },
      });
      assert.equal(first.status, 202);
      assert.deepEqual([again.status, again.body.orderId], [202, first.body.orderId]);
      assert.equal(await redis.scard(couponKeys(id).buyers), 1, "one reservation for the repeated key");
      const other = await loadedCoupon({ stock: 5 });
      const elsewhere = await buy(`/api/coupons/${other}/purchase`, {
        auth: shopperToken,
        headers: { "idempotency-key": key },
      });
      assert.equal(elsewhere.status, 202);
      assert.notEqual(elsewhere.body.orderId, first.body.orderId);
    });
  });
}
