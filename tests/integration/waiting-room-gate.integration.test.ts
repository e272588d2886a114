import assert from "node:assert/strict";
import { randomInt, randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { couponKeys } from "@/server/keys/coupon-keys";
import { reserveCoupon } from "@/server/features/inventory/scripts";
import { admitNext, joinRoom, LIVE_ROOMS_KEY, openRoom } from "@/server/features/waiting-room/room-scripts";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";

// Here rather than beside the waiting room: it drives the inventory's purchase script, and a feature's own tests
// import only what the feature itself may (server/architecture.test.ts).
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const created: number[] = [];
const noLimit = { perSecond: 1000, burst: 1000 };

/** A sale loaded the way the warm-up loads it, on a coupon id far above any real one. */
async function saleWith(stock: number, room: boolean) {
  const couponId = 9_000_000_000 + randomInt(0, 1_000_000_000);
  created.push(couponId);
  const keys = couponKeys(couponId);
  const now = Date.now();
  await redis.hset(keys.sale, "state", "ACTIVE", "startMs", now - 1000, "endMs", now + 60_000, "price", 100);
  await redis.hset(keys.sale, "room", room ? "1" : "0");
  await redis.set(keys.stock, String(stock));
  if (room) {
    await openRoom(redis, couponId, {
      opensAt: new Date(now - 1000),
      prequeueFrom: new Date(now - 60_000),
      ratePerSecond: 1000,
      marginPercent: 0,
      admitTtlMs: 60_000,
      expiresAt: new Date(now + 60_000),
    });
    // Ticked by the tests alone: the running stack's ticker must not admit anyone in between.
    await redis.srem(LIVE_ROOMS_KEY, String(couponId));
  }
  return couponId;
}

const buy = (couponId: number, userId: string) =>
  reserveCoupon(redis, { couponId, userId, orderId: randomUUID(), rateLimit: noLimit });

after(async () => {
  for (const couponId of created) await redis.del(...Object.values(couponKeys(couponId)));
  await closeConnections();
});

describe("the purchase's waiting-room gate (real Redis, purchase.lua)", () => {
  it("when a room sale is bought without an admission, then NOT_ADMITTED and nothing is taken", async () => {
    const couponId = await saleWith(5, true);
    assert.equal((await buy(couponId, "walk-in")).code, "NOT_ADMITTED");
    assert.equal(await redis.get(couponKeys(couponId).stock), "5");
    assert.equal(await redis.sismember(couponKeys(couponId).buyers, "walk-in"), 0);
  });

  it("when an admitted shopper buys, then the purchase goes through and uses up the admission", async () => {
    const couponId = await saleWith(5, true);
    await joinRoom(redis, couponId, "queued");
    assert.equal((await admitNext(redis, couponId)).admittedNow, 1);
    const bought = await buy(couponId, "queued");
    assert.deepEqual([bought.code, bought.remaining], ["OK", 4]);
    assert.equal(await redis.zscore(couponKeys(couponId).roomAdmitted, "queued"), null);
    assert.equal((await buy(couponId, "queued")).code, "ALREADY_PURCHASED");
  });

  it("when an admission has expired, then it no longer buys", async () => {
    const couponId = await saleWith(5, true);
    await redis.zadd(couponKeys(couponId).roomAdmitted, Date.now() - 1, "late");
    assert.equal((await buy(couponId, "late")).code, "NOT_ADMITTED");
  });

  it("when the last unit is bought, then the room closes in the same step", async () => {
    const couponId = await saleWith(1, true);
    await joinRoom(redis, couponId, "first");
    await joinRoom(redis, couponId, "second");
    await sleep(5);
    await admitNext(redis, couponId);
    assert.equal((await buy(couponId, "first")).code, "OK");
    assert.equal(await redis.hget(couponKeys(couponId).room, "state"), "soldout");
    assert.equal((await buy(couponId, "second")).code, "SOLD_OUT");
  });

  it("when a sale has no room, then no admission is asked for", async () => {
    const couponId = await saleWith(5, false);
    assert.equal((await buy(couponId, "anyone")).code, "OK");
  });
});
