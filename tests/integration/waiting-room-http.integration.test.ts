import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { nextDoorHeader } from "@/bench/door";
import { admitNext, LIVE_ROOMS_KEY, openRoom } from "@/server/features/waiting-room/room-scripts";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { couponKeys } from "@/server/keys/coupon-keys";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { appBaseUrl, openAppTarget } from "@/tests/support/app-target";

/** The waiting room's HTTP API through NGINX, on both doors: joining, standing in line, being admitted. */
const doors = [
  { name: "native route", headers: {} as Record<string, string> },
  { name: "App Router handler", headers: { [nextDoorHeader]: "next" } as Record<string, string> },
];

let closeListener: () => Promise<void> = () => Promise.resolve();
let token: string;
let userId: string;
before(async () => {
  closeListener = await openAppTarget();
  const shopper = await createKeycloakUser();
  token = await passwordGrant(shopper.email, shopper.password);
  userId = (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }).sub;
});
after(async () => {
  await closeListener();
  await closeConnections();
});

/** A room on a coupon id far above any real one: the room needs only its Redis keys. */
async function roomOpeningIn(ms: number, tickedBy: "test" | "stack" = "test") {
  const couponId = 9_000_000_000 + randomInt(0, 1_000_000_000);
  const now = Date.now();
  await redis.set(couponKeys(couponId).stock, "10", "PX", 60_000);
  await openRoom(redis, couponId, {
    opensAt: new Date(now + ms),
    prequeueFrom: new Date(now - 60_000),
    ratePerSecond: 50,
    marginPercent: 0,
    admitTtlMs: 30_000,
    expiresAt: new Date(now + 60_000),
  });
  // Ticked by the test alone unless asked otherwise: the running stack's ticker must not admit anyone in between.
  if (tickedBy === "test") await redis.srem(LIVE_ROOMS_KEY, String(couponId));
  return couponId;
}

for (const door of doors) {
  const call = async (method: "GET" | "POST", couponId: number | string, auth: string | null = token) => {
    const response = await fetch(`${appBaseUrl}/api/coupons/${couponId}/room`, {
      method,
      headers: { ...door.headers, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  describe(`waiting room over HTTP (${door.name})`, () => {
    it("when a shopper joins before the opening, then they are in line without a ticket; after it they get one and are admitted in turn", async () => {
      const couponId = await roomOpeningIn(1500);
      const joined = await call("POST", couponId);
      assert.equal(joined.status, 200);
      assert.deepEqual([joined.body.state, joined.body.joined, joined.body.ticket], ["waiting", true, null]);
      assert.equal((await redis.zscore(couponKeys(couponId).roomQueue, userId)) !== null, true);

      await new Promise((resolve) => setTimeout(resolve, 1600));
      const inLine = await call("GET", couponId);
      assert.deepEqual([inLine.body.ticket, inLine.body.ahead, inLine.body.admittedUntil], [1, 0, null]);

      await admitNext(redis, couponId);
      const admitted = await call("GET", couponId);
      assert.equal(admitted.body.state, "open");
      assert.ok(Date.parse(String(admitted.body.admittedUntil)) > Date.now(), JSON.stringify(admitted.body));

      const again = await call("POST", couponId);
      assert.deepEqual([again.status, again.body.ticket], [200, 1], "joining again keeps the place");
    });

    it("when the room is live on the stack, then its ticker admits the shopper in line", async () => {
      const couponId = await roomOpeningIn(300, "stack");
      assert.equal((await call("POST", couponId)).status, 200);
      const deadline = Date.now() + 5_000;
      let status = await call("GET", couponId);
      while (status.body.admittedUntil === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await call("GET", couponId);
      }
      assert.deepEqual([status.body.state, status.body.ticket], ["open", 1]);
      assert.ok(Date.parse(String(status.body.admittedUntil)) > Date.now(), JSON.stringify(status.body));
    });

    it("when the caller is anonymous, the id is not a coupon id or the sale has no room, then 401, 400, 404", async () => {
      assert.equal((await call("POST", await roomOpeningIn(60_000), null)).status, 401);
      assert.equal((await call("POST", "1e3")).status, 400);
      const none = await call("GET", 9_000_000_000 + randomInt(0, 1_000_000_000));
      assert.deepEqual([none.status, none.body.error], [404, "NOT_FOUND"]);
    });
  });
}
