import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { nextDoorHeader } from "@/bench/door";
import { solveProofOfWork } from "@/components/waiting-room/proof-of-work";
import type { RoomChallengeView } from "@/contract/room";
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
async function roomOpeningIn(ms: number, tickedBy: "test" | "stack" = "test", proofOfWork = true) {
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
    proofOfWork,
  });
  // Ticked by the test alone unless asked otherwise: the running stack's ticker must not admit anyone in between.
  if (tickedBy === "test") await redis.srem(LIVE_ROOMS_KEY, String(couponId));
  return couponId;
}

for (const door of doors) {
  const call = async (
    method: "GET" | "POST",
    couponId: number | string,
    auth: string | null = token,
    options: { path?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${appBaseUrl}/api/coupons/${couponId}/room${options.path ?? ""}`, {
      method,
      headers: {
        ...door.headers,
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A solved proof of work for this shopper and sale, as the browser's worker makes it. */
  const solvedProof = async (couponId: number) => {
    const challenge = (await call("GET", couponId, token, { path: "/challenge" })).body as RoomChallengeView;
    assert.ok(challenge.required, JSON.stringify(challenge));
    return { challenge: challenge.challenge, solutions: await solveProofOfWork(challenge) };
  };
  const join = async (couponId: number) => call("POST", couponId, token, { body: await solvedProof(couponId) });

  describe(`waiting room over HTTP (${door.name})`, () => {
    it("when a shopper joins before the opening, then they are in line without a ticket; after it they get one and are admitted in turn", async () => {
      const couponId = await roomOpeningIn(1500);
      const joined = await join(couponId);
      assert.equal(joined.status, 200);
      assert.deepEqual([joined.body.state, joined.body.joined, joined.body.ticket], ["waiting", true, null]);
      // Before the opening the draw says roughly where the shopper will stand; the exact ticket replaces it.
      assert.equal(joined.body.draw, Number(await redis.zscore(couponKeys(couponId).roomQueue, userId)));
      assert.ok(Number(joined.body.draw) >= 0 && Number(joined.body.draw) < 1, JSON.stringify(joined.body));
      assert.equal(joined.body.inLine, 1);
      assert.equal((await redis.zscore(couponKeys(couponId).roomQueue, userId)) !== null, true);

      await new Promise((resolve) => setTimeout(resolve, 1600));
      const inLine = await call("GET", couponId);
      assert.deepEqual([inLine.body.ticket, inLine.body.ahead, inLine.body.admittedUntil], [1, 0, null]);
      assert.equal(inLine.body.draw, null);

      await admitNext(redis, couponId);
      const admitted = await call("GET", couponId);
      assert.equal(admitted.body.state, "open");
      assert.ok(Date.parse(String(admitted.body.admittedUntil)) > Date.now(), JSON.stringify(admitted.body));

      const again = await join(couponId);
      assert.deepEqual([again.status, again.body.ticket], [200, 1], "joining again keeps the place");
    });

    it("when the room is live on the stack, then its ticker admits the shopper in line", async () => {
      const couponId = await roomOpeningIn(300, "stack");
      assert.equal((await join(couponId)).status, 200);
      const deadline = Date.now() + 5_000;
      let status = await call("GET", couponId);
      while (status.body.admittedUntil === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await call("GET", couponId);
      }
      assert.deepEqual([status.body.state, status.body.ticket], ["open", 1]);
      assert.ok(Date.parse(String(status.body.admittedUntil)) > Date.now(), JSON.stringify(status.body));
    });

    it("when a join brings no proof, a forged one or one already used, then 400 or 403 PROOF_INVALID and no place in line", async () => {
      const couponId = await roomOpeningIn(60_000);
      assert.equal((await call("POST", couponId)).status, 400, "no body");
      const proof = await solvedProof(couponId);
      const forged = await call("POST", couponId, token, { body: { ...proof, challenge: `${proof.challenge}x` } });
      assert.deepEqual([forged.status, forged.body.error], [403, "PROOF_INVALID"]);
      const wrong = await call("POST", couponId, token, {
        body: { ...proof, solutions: proof.solutions.map(() => "0") },
      });
      assert.deepEqual([wrong.status, wrong.body.error], [403, "PROOF_INVALID"]);
      assert.equal(await redis.zscore(couponKeys(couponId).roomQueue, userId), null, "refused joins leave no place");

      assert.equal((await call("POST", couponId, token, { body: proof })).status, 200);
      const reused = await call("POST", couponId, token, { body: proof });
      assert.deepEqual([reused.status, reused.body.error], [403, "PROOF_INVALID"]);
    });

    it("when the sale's room asks for no proof of work, then the challenge says so and an empty join takes a place", async () => {
      const couponId = await roomOpeningIn(60_000, "test", false);
      const challenge = await call("GET", couponId, token, { path: "/challenge" });
      assert.deepEqual([challenge.status, challenge.body.required], [200, false]);
      const joined = await call("POST", couponId);
      assert.deepEqual([joined.status, joined.body.joined], [200, true]);
      assert.notEqual(await redis.zscore(couponKeys(couponId).roomQueue, userId), null);
    });

    it("when the caller is anonymous, the id is not a coupon id or the sale has no room, then 401, 400, 404", async () => {
      assert.equal((await call("POST", await roomOpeningIn(60_000), null)).status, 401);
      assert.equal((await call("POST", "1e3")).status, 400);
      const none = await call("GET", 9_000_000_000 + randomInt(0, 1_000_000_000));
      assert.deepEqual([none.status, none.body.error], [404, "NOT_FOUND"]);
    });
  });
}
