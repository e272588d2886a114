import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Account } from "next-auth";
import { encode } from "next-auth/jwt";
import { env } from "@/server/env";
import { authOptions } from "@/server/features/identity/auth-options";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { webClientLogin } from "@/tests/e2e/support/web-client-login";
import { demoUsers, passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";

/**
 * CSRF through NGINX: a real next-auth session cookie (made as the sign-in callback makes it) is refused on
 * every state-changing route unless the browser says the request comes from our own origin.
 */
const base = "http://localhost:8080";
const ownOrigin = new URL(env.PUBLIC_URL).origin;

type JwtParams = Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0];

async function sessionCookie(email: string, password: string): Promise<string> {
  const tokens = await webClientLogin(email, password);
  const sub = (
    JSON.parse(Buffer.from(tokens.access_token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }
  ).sub;
  const account = {
    provider: "keycloak",
    type: "oauth",
    providerAccountId: sub,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    id_token: tokens.id_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
  } as Account;
  const token = await authOptions.callbacks!.jwt!({
    token: { email, sub },
    account,
    user: undefined,
    profile: undefined,
  } as unknown as JwtParams);
  return `next-auth.session-token=${await encode({ token, secret: env.NEXTAUTH_SECRET })}`;
}

const foreign: Record<string, Record<string, string>> = {
  "another site (Sec-Fetch-Site)": { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
  "a sibling port (Sec-Fetch-Site)": { "sec-fetch-site": "same-site", origin: "http://localhost:3000" },
  "another site (Origin only)": { origin: "https://evil.example" },
  "a sibling port (Origin only)": { origin: "http://localhost:8081" },
  "nowhere (neither header)": {},
};

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    error: (text.startsWith("{") ? (JSON.parse(text) as { error?: string }) : {}).error,
  };
}

let shopperCookie: string;
let adminCookie: string;
let couponId: number;

before(async () => {
  const shopper = await createKeycloakUser();
  [shopperCookie, adminCookie] = await Promise.all([
    sessionCookie(shopper.email, shopper.password),
    sessionCookie(demoUsers.admin.email, demoUsers.admin.password),
  ]);
  couponId = await createCoupon({ stock: 10, price: 1 });
  await warmCouponSale(couponId);
});

after(() => closeConnections());

describe("CSRF: purchase with the session cookie", () => {
  for (const [from, headers] of Object.entries(foreign)) {
    it(`when the request comes from ${from}, then 403 FORBIDDEN and nothing is bought`, async () => {
      const answer = await send("POST", `/api/coupons/${couponId}/purchase`, { cookie: shopperCookie, ...headers });
      assert.deepEqual(answer, { status: 403, error: "FORBIDDEN" });
    });
  }

  it("when the request comes from our own origin, then the purchase is accepted", async () => {
    const byOrigin = await send("POST", `/api/coupons/${couponId}/purchase`, {
      cookie: shopperCookie,
      origin: ownOrigin,
    });
    assert.equal(byOrigin.status, 202);
    const byFetchMetadata = await send("POST", `/api/coupons/${couponId}/purchase`, {
      cookie: shopperCookie,
      "sec-fetch-site": "same-origin",
    });
    assert.deepEqual(byFetchMetadata, { status: 409, error: "ALREADY_PURCHASED" });
  });

  it("when a bearer token comes from anywhere, then it is no CSRF: the browser never adds one by itself", async () => {
    const shopper = await createKeycloakUser();
    const token = await passwordGrant(shopper.email, shopper.password);
    const answer = await send("POST", `/api/coupons/${couponId}/purchase`, {
      authorization: `Bearer ${token}`,
      ...foreign["another site (Sec-Fetch-Site)"],
    });
    assert.equal(answer.status, 202);
  });
});

describe("CSRF: admin writes with the session cookie", () => {
  const writes = () => [
    { name: "create", method: "POST", path: "/api/admin/coupons", body: {} },
    {
      name: "update",
      method: "PATCH",
      path: `/api/admin/coupons/${couponId}`,
      body: { name: "renamed by another site" },
    },
    { name: "delete", method: "DELETE", path: `/api/admin/coupons/${couponId}`, body: undefined },
    { name: "sale action", method: "POST", path: `/api/admin/coupons/${couponId}/sale`, body: { action: "pause" } },
    { name: "image upload", method: "POST", path: `/api/admin/coupons/${couponId}/image`, body: {} },
  ];

  it("when each admin write comes from another site, then 403 FORBIDDEN and the coupon is untouched", async () => {
    for (const write of writes()) {
      for (const headers of Object.values(foreign)) {
        const answer = await send(write.method, write.path, { cookie: adminCookie, ...headers }, write.body);
        assert.deepEqual(answer, { status: 403, error: "FORBIDDEN" }, `${write.name} ${JSON.stringify(headers)}`);
      }
    }
    const coupon = await send("GET", `/api/coupons/${couponId}`, {});
    assert.equal(coupon.status, 200, "still there, not deleted");
  });

  it("when an admin write comes from our own origin, then it is carried out", async () => {
    const paused = await send(
      "POST",
      `/api/admin/coupons/${couponId}/sale`,
      { cookie: adminCookie, "sec-fetch-site": "same-origin" },
      { action: "pause" },
    );
    assert.equal(paused.status, 200);
    const resumed = await send(
      "POST",
      `/api/admin/coupons/${couponId}/sale`,
      { cookie: adminCookie, origin: ownOrigin },
      { action: "resume" },
    );
    assert.equal(resumed.status, 200);
  });
});
