import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";

/** The purchase API over HTTP through NGINX (the running stack): every bad input gets a clear JSON error. */
const base = "http://localhost:8080";
let token: string;
let couponId: number;

before(async () => {
  const shopper = await createKeycloakUser();
  token = await passwordGrant(shopper.email, shopper.password);
  couponId = await createCoupon({ stock: 1, price: 100 });
  await warmCouponSale(couponId);
});

after(() => closeConnections());

async function buy(path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; orderId?: string; status?: string },
  };
}

/** A body sent with chunked transfer encoding (no content-length), as some clients do. */
function buyChunked(path: string, chunk: string): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
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

describe("POST /api/coupons/:id/purchase over HTTP", () => {
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
    const response = await fetch(`${base}/api/coupons/${couponId}/purchase`, { method: "POST" });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: string }).error, "UNAUTHENTICATED");
  });

  it("when the shopper buys with no body, then 202 PENDING; again, then 409 ALREADY_PURCHASED", async () => {
    const first = await buy(`/api/coupons/${couponId}/purchase`);
    assert.equal(first.status, 202);
    assert.equal(first.body.status, "PENDING");
    assert.match(first.body.orderId ?? "", /^[0-9a-f-]{36}$/);
    const second = await buy(`/api/coupons/${couponId}/purchase`);
    assert.deepEqual([second.status, second.body.error], [409, "ALREADY_PURCHASED"]);
  });
});
