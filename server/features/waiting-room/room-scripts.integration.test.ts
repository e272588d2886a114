import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { couponKeys } from "@/server/keys/coupon-keys";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { admitNext, joinRoom } from "@/server/features/waiting-room/room-scripts";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { roomFor, sleep, testCoupon, untilOpen } from "@/server/features/waiting-room/test-fixtures/test-rooms";

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

after(closeConnections);

describe("waiting room scripts (real Redis)", () => {
  it("when no room is set up or its pre-queue has not started, then nobody joins", async () => {
    assert.equal((await joinRoom(redis, testCoupon(), "u")).code, "NO_ROOM");
    const early = await roomFor(5, { prequeueFrom: new Date(Date.now() + 60_000) });
    assert.equal((await joinRoom(redis, early, "u")).code, "TOO_EARLY");
    assert.equal(await redis.zcard(roomKeys(early).queue), 0);
  });

  it("when shoppers join before the opening, then their order is drawn at random; later ones queue behind in arrival order", async () => {
    // Time enough for 60 joins before the opening, even on a loaded machine.
    const couponId = await roomFor(1000, { opensAt: new Date(Date.now() + 4000) });
    const early = users("early", 60);
    for (const user of early) {
      const joined = await joinRoom(redis, couponId, user);
      assert.deepEqual([joined.code, joined.ticket], ["JOINED", null]);
    }
    await untilOpen(couponId);
    const late = users("late", 5);
    const lateTickets = [];
    for (const user of late) lateTickets.push((await joinRoom(redis, couponId, user)).ticket);
    assert.deepEqual(lateTickets, [61, 62, 63, 64, 65]);

    const earlyTickets = [];
    for (const user of early) {
      const again = await joinRoom(redis, couponId, user);
      assert.equal(again.code, "ALREADY");
      earlyTickets.push(again.ticket);
    }
    assert.deepEqual(
      [...earlyTickets].sort((a, b) => a! - b!),
      early.map((_, i) => i + 1),
      "the pre-queue's tickets are exactly 1..60",
    );
    assert.notDeepEqual(
      earlyTickets,
      early.map((_, i) => i + 1),
      "joining first must not mean going first",
    );
    assert.equal(await redis.hget(roomKeys(couponId).room, "joined"), "65");
  });

  it("when the room ticks, then it admits the queue in ticket order, at most its rate a second", async () => {
    const couponId = await roomFor(1000, { ratePerSecond: 20 });
    const shoppers = users("rate", 50);
    for (const user of shoppers) await joinRoom(redis, couponId, user);
    await untilOpen(couponId);
    await sleep(1000);

    const startedAt = performance.now();
    const first = await admitNext(redis, couponId);
    assert.equal(first.state, "open");
    assert.equal(first.admittedNow, 20, "one second's worth, not the whole queue");
    const inLine = await redis.zrange(roomKeys(couponId).queue, "0", "-1");
    const admitted = await redis.zrange(roomKeys(couponId).admitted, "0", "-1");
    assert.deepEqual(new Set(admitted), new Set(inLine.slice(0, 20)));

    const second = await admitNext(redis, couponId);
    const allowed = Math.floor((20 * (performance.now() - startedAt)) / 1000) + 1;
    assert.ok(second.admittedNow <= allowed, `a tick right after admitted ${second.admittedNow} (at most ${allowed})`);
    assert.equal(second.served, 20 + second.admittedNow);
    assert.equal(second.waiting, 50 - second.served);
  });

  it("when few units are left, then no more people hold an admission than there are units; at 0 the room closes", async () => {
    const couponId = await roomFor(3, { admitTtlMs: 1500 });
    for (const user of users("stock", 10)) await joinRoom(redis, couponId, user);
    await untilOpen(couponId);

    const admitted = await admitNext(redis, couponId);
    assert.deepEqual([admitted.admittedNow, admitted.holdingAdmission], [3, 3]);
    assert.equal((await admitNext(redis, couponId)).admittedNow, 0, "three holders for three units");

    await redis.set(couponKeys(couponId).stock, "0", "PX", 120_000);
    assert.equal((await admitNext(redis, couponId)).state, "soldout");
    assert.equal((await joinRoom(redis, couponId, "newcomer")).code, "SOLD_OUT");
    assert.equal((await joinRoom(redis, couponId, "stock-9")).code, "ALREADY", "those in line keep their place");

    // A failed payment gives a unit back; the unused admissions expire and the next in line gets the unit.
    await redis.set(couponKeys(couponId).stock, "1", "PX", 120_000);
    await sleep(1600);
    const reopened = await admitNext(redis, couponId);
    assert.deepEqual([reopened.state, reopened.expiredNow, reopened.admittedNow, reopened.served], ["open", 3, 1, 4]);
    assert.equal(await redis.hget(roomKeys(couponId).room, "abandoned"), "3");
  });
});
