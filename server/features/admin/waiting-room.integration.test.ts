import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { createCoupon } from "@/server/features/admin/create-coupon";
import { getAdminCoupon } from "@/server/features/admin/get-admin-coupon";
import { updateCoupon } from "@/server/features/admin/update-coupon";
import { stopCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { deleteCoupons } from "@/server/features/catalogue/test-fixtures/catalogue-fixtures";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { waitingRoomStatus } from "@/server/features/waiting-room/waiting-room";
import { loadSale } from "@/server/features/inventory/load-sale";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { deleteKeys } from "@/server/infra/redis-client";

const created: number[] = [];

after(async () => {
  await deleteCoupons(created);
  await deleteKeys(
    redis,
    created.flatMap((id) => Object.values(couponKeys(id))),
  );
  await stopCatalogueInvalidationListener();
  await closeConnections();
});

const minute = 60_000;
const hour = 60 * minute;
// Whole seconds, as MySQL's TIMESTAMP(3) and the ISO text both keep them exactly.
const saleStart = new Date(Math.ceil((Date.now() + 30 * minute) / 1000) * 1000);
const saleEnd = new Date(saleStart.getTime() + 2 * hour);

async function newCoupon(overrides: Record<string, unknown> = {}) {
  const coupon = await createCoupon({
    name: `room test ${randomUUID().slice(0, 8)}`,
    description: "made by the waiting-room integration test",
    price: 500,
    totalStock: 20,
    saleStart: saleStart.toISOString(),
    saleEnd: saleEnd.toISOString(),
    ...overrides,
  });
  created.push(coupon.id);
  return coupon;
}

async function roomHash(couponId: number) {
  return redis.hgetall(couponKeys(couponId).room);
}

describe("waiting-room settings (real MySQL and Redis)", () => {
  it("when a coupon is created without a room, then it has none: the view says off and the sale hash says room=0", async () => {
    const coupon = await newCoupon();
    assert.deepEqual(coupon.waitingRoom, {
      enabled: false,
      prequeueMinutes: 10,
      admitPerSecond: null,
      marginPercent: 10,
      proofOfWork: true,
    });
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "0");
    assert.equal(await redis.exists(couponKeys(coupon.id).room), 0, "no room opened");
  });

  it("when a coupon is created with a room, then the view shows it and the warm-up opened the room with its settings", async () => {
    const waitingRoom = {
      enabled: true,
      prequeueMinutes: 15,
      admitPerSecond: 40,
      marginPercent: 20,
      proofOfWork: false,
    };
    const coupon = await newCoupon({ waitingRoom });
    assert.deepEqual(coupon.waitingRoom, waitingRoom);
    assert.deepEqual((await getAdminCoupon(coupon.id)).waitingRoom, waitingRoom);

    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "1");
    const room = await roomHash(coupon.id);
    assert.equal(room.opensAtMs, String(saleStart.getTime()));
    assert.equal(room.prequeueFromMs, String(saleStart.getTime() - 15 * minute));
    assert.equal(room.ratePerSecond, "40");
    assert.equal(room.marginPercent, "20");
    assert.equal(room.admitTtlMs, String(env.ROOM_ADMISSION_TTL_MS));
    assert.equal(room.proofOfWork, "0", "joining this room costs no proof of work");
    assert.equal(room.state, "waiting");
    const expiresAt = await redis.pexpiretime(couponKeys(coupon.id).room);
    assert.equal(expiresAt, saleEnd.getTime() + hour, "the room outlives the sale by an hour");
  });

  it("when an edit turns the room on, retunes it and turns it off, then the view and Redis follow each step", async () => {
    const coupon = await newCoupon();

    const on = await updateCoupon(coupon.id, {
      waitingRoom: { enabled: true, prequeueMinutes: 5, admitPerSecond: null, marginPercent: 0 },
    });
    assert.deepEqual(on.waitingRoom, {
      enabled: true,
      prequeueMinutes: 5,
      admitPerSecond: null,
      marginPercent: 0,
      proofOfWork: true,
    });
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "1");
    let room = await roomHash(coupon.id);
    assert.equal(room.ratePerSecond, String(env.ROOM_ADMIT_PER_SECOND_DEFAULT), "no rate of its own: the default");
    assert.equal(room.prequeueFromMs, String(saleStart.getTime() - 5 * minute));
    assert.equal(room.proofOfWork, "1", "a body without the switch keeps the proof of work on");

    // A new window moves the room with it.
    const laterStart = new Date(saleStart.getTime() + hour);
    await updateCoupon(coupon.id, {
      saleStart: laterStart.toISOString(),
      saleEnd: new Date(saleEnd.getTime() + hour).toISOString(),
    });
    room = await roomHash(coupon.id);
    assert.equal(room.opensAtMs, String(laterStart.getTime()));
    assert.equal(room.prequeueFromMs, String(laterStart.getTime() - 5 * minute));

    const off = await updateCoupon(coupon.id, {
      waitingRoom: { enabled: false, prequeueMinutes: 5, admitPerSecond: null, marginPercent: 0 },
    });
    assert.equal(off.waitingRoom.enabled, false);
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "0");
  });

  it("when Redis lost the sale hash and the room, then the next warm-up writes both back", async () => {
    const coupon = await newCoupon({
      waitingRoom: { enabled: true, prequeueMinutes: 10, admitPerSecond: 75, marginPercent: 10 },
    });
    await redis.del(couponKeys(coupon.id).sale, couponKeys(coupon.id).room);

    const outcome = await warmCouponSale(coupon.id);
    assert.equal(outcome.status, "kept", "the live stock key stays");
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "1");
    assert.equal((await roomHash(coupon.id)).ratePerSecond, "75");
  });

  it("when Redis lost only the room, then the shopper's next look at it rebuilds it from MySQL; a sale without one stays 404", async () => {
    const coupon = await newCoupon({
      waitingRoom: { enabled: true, prequeueMinutes: 10, admitPerSecond: 60, marginPercent: 10 },
    });
    await redis.del(couponKeys(coupon.id).room);
    const status = await waitingRoomStatus(coupon.id, "someone", loadSale);
    assert.deepEqual([status.state, status.joined, status.ratePerSecond], ["waiting", false, 60]);
    assert.equal((await roomHash(coupon.id)).ratePerSecond, "60");

    const without = await newCoupon();
    await assert.rejects(
      waitingRoomStatus(without.id, "someone", loadSale),
      (error: unknown) => error instanceof AppError && error.code === "NOT_FOUND",
    );
    assert.equal(await redis.exists(couponKeys(without.id).room), 0, "no room made up for a sale without one");
  });

  it("when the room's settings are out of range, then the edit is refused and nothing changes", async () => {
    const coupon = await newCoupon();
    await assert.rejects(
      updateCoupon(coupon.id, {
        waitingRoom: { enabled: true, prequeueMinutes: 2000, admitPerSecond: 0, marginPercent: 10 },
      }),
      (error: unknown) => error instanceof AppError && error.code === "BAD_REQUEST",
    );
    assert.equal((await getAdminCoupon(coupon.id)).waitingRoom.enabled, false);
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "room"), "0");
  });
});
