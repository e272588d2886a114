import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { couponKeys } from "@/server/keys/coupon-keys";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { admitNext, joinRoom } from "@/server/features/waiting-room/room-scripts";
import { readRoomStats } from "@/server/features/waiting-room/room-stats";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import {
  roomFor,
  sleep,
  testCoupon,
  testRoomCoupons,
  untilOpen,
} from "@/server/features/waiting-room/test-fixtures/test-rooms";

async function joinAll(couponId: number, prefix: string, n: number) {
  for (let i = 0; i < n; i++) await joinRoom(redis, couponId, `${prefix}-${i}`);
}

after(async () => {
  for (const couponId of testRoomCoupons) await redis.del(...Object.values(couponKeys(couponId)));
  await closeConnections();
});

describe("waiting room stats for the live sale view (real Redis)", () => {
  it("when the coupon has no room, or its sale says the room is off, then there are no room stats", async () => {
    assert.equal(await readRoomStats(redis, testCoupon()), null);
    const couponId = await roomFor(5);
    await redis.hset(couponKeys(couponId).sale, "room", "0");
    assert.equal(await readRoomStats(redis, couponId), null);
    await redis.hset(couponKeys(couponId).sale, "room", "1");
    assert.equal((await readRoomStats(redis, couponId))?.state, "waiting");
  });

  it("when shoppers join before the opening, then they are all waiting and nobody is let in yet", async () => {
    const couponId = await roomFor(5, { ratePerSecond: 40 });
    await joinAll(couponId, "early", 7);
    assert.deepEqual(await readRoomStats(redis, couponId), {
      state: "waiting",
      joined: 7,
      waiting: 7,
      holdingAdmission: 0,
      admitted: 0,
      abandoned: 0,
      purchased: 0,
      ratePerSecond: 40,
      conversion: null,
    });
  });

  it("when admissions are given, used and left to run out, then every admission is counted exactly once", async () => {
    const couponId = await roomFor(4, { admitTtlMs: 1200 });
    await joinAll(couponId, "line", 10);
    await untilOpen(couponId);

    const tick = await admitNext(redis, couponId);
    assert.equal(tick.admittedNow, 4, "no more admissions than units (margin 0)");
    let stats = await readRoomStats(redis, couponId);
    assert.deepEqual(
      [stats?.state, stats?.waiting, stats?.holdingAdmission, stats?.admitted, stats?.abandoned, stats?.purchased],
      ["open", 6, 4, 4, 0, 0],
    );
    assert.equal(stats?.conversion, 0);

    // One of the four buys: what purchase.lua does with an admission (it leaves the admitted set, a unit goes).
    const [buyer] = await redis.zrange(roomKeys(couponId).admitted, "0", "0");
    await redis.multi().zrem(roomKeys(couponId).admitted, buyer!).decr(couponKeys(couponId).stock).exec();
    stats = await readRoomStats(redis, couponId);
    assert.deepEqual([stats?.holdingAdmission, stats?.purchased, stats?.conversion], [3, 1, 0.25]);

    // The other three let their admission run out: abandoned at once, before any tick has swept them.
    await sleep(1300);
    stats = await readRoomStats(redis, couponId);
    assert.deepEqual(
      [stats?.holdingAdmission, stats?.abandoned, stats?.purchased, stats?.admitted],
      [0, 3, 1, 4],
      "expired but unswept admissions count as abandoned, not as held",
    );

    // The next tick sweeps them (the room's own counter) and lets the next three in for the three units left.
    const next = await admitNext(redis, couponId);
    assert.deepEqual([next.expiredNow, next.admittedNow], [3, 3]);
    assert.equal(await redis.hget(roomKeys(couponId).room, "abandoned"), "3");
    stats = await readRoomStats(redis, couponId);
    assert.deepEqual(
      [stats?.waiting, stats?.holdingAdmission, stats?.admitted, stats?.abandoned, stats?.purchased],
      [3, 3, 7, 3, 1],
      "the sweep moves nothing twice",
    );
    assert.equal(stats?.conversion, 1 / 7);
  });

  it("when the stock reaches 0, then the room shows sold out with those still in line", async () => {
    const couponId = await roomFor(2);
    await joinAll(couponId, "gone", 5);
    await untilOpen(couponId);
    await admitNext(redis, couponId);
    await redis.set(couponKeys(couponId).stock, "0", "PX", 120_000);
    await admitNext(redis, couponId);
    const stats = await readRoomStats(redis, couponId);
    assert.deepEqual([stats?.state, stats?.waiting, stats?.admitted], ["soldout", 3, 2]);
  });
});
