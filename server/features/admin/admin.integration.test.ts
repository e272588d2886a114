import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import * as adminCouponRoute from "@/app/api/admin/coupons/[id]/route";
import * as adminCouponsRoute from "@/app/api/admin/coupons/route";
import * as couponRoute from "@/app/api/coupons/[id]/route";
import { coupons } from "@/drizzle/schema";
import { changeSale } from "@/server/features/admin/change-sale";
import { createCoupon } from "@/server/features/admin/create-coupon";
import { deleteCoupon } from "@/server/features/admin/delete-coupon";
import { closeImageStorage, deleteCouponImage } from "@/server/features/admin/image-storage";
import { listAdminCoupons } from "@/server/features/admin/list-admin-coupons";
import { updateCoupon } from "@/server/features/admin/update-coupon";
import { uploadCouponImage } from "@/server/features/admin/upload-coupon-image";
import { getCoupon, stopCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { deleteCoupons } from "@/server/features/catalogue/test-fixtures/catalogue-fixtures";
import { couponKeys } from "@/server/keys/coupon-keys";
import { reserveCoupon } from "@/server/features/inventory/scripts";
import { env } from "@/server/env";
import { AppError, type ErrorCode } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { deleteKeys } from "@/server/infra/redis-client";
import { demoUsers, passwordGrant } from "@/tests/support/keycloak-tokens";

const created: number[] = [];
const uploadedKeys: string[] = [];

after(async () => {
  await Promise.allSettled(uploadedKeys.map((key) => deleteCouponImage(key)));
  await deleteCoupons(created);
  await deleteKeys(
    redis,
    created.flatMap((id) => Object.values(couponKeys(id))),
  );
  await stopCatalogueInvalidationListener();
  closeImageStorage();
  await closeConnections();
});

const hour = 3_600_000;

async function newCoupon(overrides: Record<string, unknown> = {}) {
  const coupon = await createCoupon({
    name: `admin test ${randomUUID().slice(0, 8)}`,
    description: "made by the admin integration test",
    price: 2500,
    totalStock: 10,
    saleStart: new Date(Date.now() - 60_000).toISOString(),
    saleEnd: new Date(Date.now() + hour).toISOString(),
    ...overrides,
  });
  created.push(coupon.id);
  return coupon;
}

const rejectsWith = (code: ErrorCode) => (error: unknown) => error instanceof AppError && error.code === code;

async function row(id: number) {
  const [found] = await db.select().from(coupons).where(eq(coupons.id, id));
  return found;
}

async function reserve(couponId: number) {
  const result = await reserveCoupon(redis, { couponId, userId: `user-${randomUUID()}`, orderId: randomUUID() });
  assert.equal(result.code, "OK");
}

describe("admin backend (real MySQL, Redis and S3)", () => {
  it("when a coupon is created, then MySQL, the live sale in Redis and the catalogue all have it", async () => {
    const coupon = await newCoupon({ totalStock: 7 });
    assert.equal(coupon.sold, 0);
    assert.equal(coupon.status, "ON_SALE");
    assert.equal((await row(coupon.id))?.stock, 7);
    assert.equal(await redis.get(couponKeys(coupon.id).stock), "7");
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "price"), "2500");
    assert.equal((await getCoupon(coupon.id)).name, coupon.name);
  });

  it("when the input is not strictly valid, then 400 and nothing is written", async () => {
    const base = { name: "x", description: "", price: 100, totalStock: 1, saleStart: new Date().toISOString() };
    await assert.rejects(createCoupon({ ...base, saleEnd: base.saleStart }), rejectsWith("BAD_REQUEST"));
    await assert.rejects(
      createCoupon({ ...base, saleEnd: new Date(Date.now() + hour).toISOString(), extra: 1 }),
      rejectsWith("BAD_REQUEST"),
    );
    await assert.rejects(
      createCoupon({ ...base, price: 1.5, saleEnd: new Date(Date.now() + hour).toISOString() }),
      rejectsWith("BAD_REQUEST"),
    );
    const coupon = await newCoupon();
    await assert.rejects(updateCoupon(coupon.id, {}), rejectsWith("BAD_REQUEST"));
    await assert.rejects(
      updateCoupon(coupon.id, { saleEnd: new Date(Date.now() - 2 * hour).toISOString() }),
      rejectsWith("BAD_REQUEST"),
    );
    await assert.rejects(updateCoupon(999_999_999_999, { name: "nobody" }), rejectsWith("NOT_FOUND"));
  });

  it("when stock is edited with orders pending, then it never goes below what is sold, and MySQL and Redis move together", async () => {
    const coupon = await newCoupon({ totalStock: 10 });
    for (let i = 0; i < 3; i += 1) await reserve(coupon.id); // live 7, three pending

    await assert.rejects(
      updateCoupon(coupon.id, { totalStock: 2 }),
      (e) => rejectsWith("CONFLICT")(e) && (e as AppError).details?.sold === 3,
    );
    assert.deepEqual([(await row(coupon.id))?.totalStock, (await row(coupon.id))?.stock], [10, 10], "MySQL untouched");
    assert.equal(await redis.get(couponKeys(coupon.id).stock), "7", "Redis untouched");

    const grown = await updateCoupon(coupon.id, { totalStock: 15, price: 1999, name: "renamed" });
    assert.deepEqual([grown.totalStock, grown.stock, grown.sold], [15, 12, 3]);
    assert.deepEqual([(await row(coupon.id))?.totalStock, (await row(coupon.id))?.stock], [15, 15]);
    assert.equal(await redis.get(couponKeys(coupon.id).stock), "12");
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "price"), "1999", "sale hash refreshed");
    const shown = await getCoupon(coupon.id);
    assert.deepEqual([shown.name, shown.price, shown.stock], ["renamed", 1999, 12], "catalogue invalidated");

    const shrunk = await updateCoupon(coupon.id, { totalStock: 3 });
    assert.deepEqual([shrunk.stock, shrunk.sold, shrunk.status], [0, 3, "SOLD_OUT"]);
    assert.equal(await redis.get(couponKeys(coupon.id).stock), "0");
  });

  it("when the live stock key is absent, then the edit is checked against DB stock minus pending", async () => {
    const coupon = await newCoupon({ totalStock: 5 });
    await reserve(coupon.id);
    await reserve(coupon.id);
    await redis.del(couponKeys(coupon.id).stock);

    await assert.rejects(
      updateCoupon(coupon.id, { totalStock: 1 }),
      (e) => rejectsWith("CONFLICT")(e) && (e as AppError).details?.sold === 2,
    );
    assert.equal(await redis.exists(couponKeys(coupon.id).stock), 0, "a refused edit creates no key");
    const edited = await updateCoupon(coupon.id, { totalStock: 3 });
    assert.deepEqual([(await row(coupon.id))?.totalStock, (await row(coupon.id))?.stock], [3, 3]);
    // The edit's own warm-up rebuilt the missing key from MySQL: 3 in DB − 2 pending.
    assert.equal(await redis.get(couponKeys(coupon.id).stock), "1");
    assert.equal(edited.sold, 2);
  });

  it("when the sale is paused, resumed, ended and disabled, then MySQL, the sale hash and the catalogue follow", async () => {
    const coupon = await newCoupon();
    assert.equal((await changeSale(coupon.id, { action: "pause" })).saleState, "PAUSED");
    assert.equal(await redis.hget(couponKeys(coupon.id).sale, "state"), "PAUSED");
    assert.equal((await getCoupon(coupon.id)).status, "PAUSED");
    await assert.rejects(changeSale(coupon.id, { action: "pause" }), rejectsWith("CONFLICT"));
    await assert.rejects(changeSale(coupon.id, { action: "explode" }), rejectsWith("BAD_REQUEST"));

    assert.equal((await changeSale(coupon.id, { action: "resume" })).status, "ON_SALE");
    assert.equal((await changeSale(coupon.id, { action: "end" })).status, "ENDED");
    assert.ok(Number(await redis.hget(couponKeys(coupon.id).sale, "endMs")) <= Date.now());
    assert.equal((await getCoupon(coupon.id)).status, "ENDED");
    await assert.rejects(changeSale(coupon.id, { action: "end" }), rejectsWith("CONFLICT"));

    await changeSale(coupon.id, { action: "disable" });
    await assert.rejects(getCoupon(coupon.id), rejectsWith("NOT_FOUND"));
    await assert.rejects(changeSale(999_999_999_999, { action: "pause" }), rejectsWith("NOT_FOUND"));
  });

  it("when a coupon has a sale, then DELETE is refused (409) and it stays on sale; when it has none, it is gone", async () => {
    const sold = await newCoupon();
    await reserve(sold.id);
    await assert.rejects(deleteCoupon(sold.id), rejectsWith("CONFLICT"));
    assert.ok(await row(sold.id));
    assert.equal(await redis.hget(couponKeys(sold.id).sale, "state"), "ACTIVE", "the sale switch was undone");
    await reserve(sold.id);

    const untouched = await newCoupon();
    await getCoupon(untouched.id); // cached in the catalogue
    await deleteCoupon(untouched.id);
    assert.equal(await row(untouched.id), undefined);
    assert.equal(await redis.exists(couponKeys(untouched.id).stock), 0);
    assert.equal(await redis.hget(couponKeys(untouched.id).sale, "state"), "DISABLED", "purchases answer NOT_FOUND");
    await assert.rejects(getCoupon(untouched.id), rejectsWith("NOT_FOUND"));
    await assert.rejects(deleteCoupon(untouched.id), rejectsWith("NOT_FOUND"));
  });

  it("when an image is uploaded, then it is checked by its bytes, stored in S3 under a fresh key and shown", async () => {
    const coupon = await newCoupon();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(64).fill(7)]);
    // The multipart reading that yields these bytes is the door's (server/http/read-image-upload.test.ts).
    const updated = await uploadCouponImage(coupon.id, png);
    uploadedKeys.push(updated.imageKey ?? "");
    assert.match(updated.imageKey ?? "", new RegExp(`^coupons/${coupon.id}/[0-9a-f-]{36}\\.png$`));
    assert.equal(updated.imageUrl, `${env.IMAGES_PUBLIC_URL}/${updated.imageKey}`);
    const stored = await fetch(`${env.S3_ENDPOINT}/${env.S3_BUCKET}/${updated.imageKey}`);
    assert.equal(stored.status, 200);
    assert.deepEqual(new Uint8Array(await stored.arrayBuffer()), png);
    assert.equal((await getCoupon(coupon.id)).imageUrl, updated.imageUrl);

    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    await assert.rejects(uploadCouponImage(coupon.id, svg), rejectsWith("UNSUPPORTED_MEDIA_TYPE"));
    const huge = new Uint8Array(2 * 1024 * 1024 + 1);
    huge.set(png.subarray(0, 8));
    await assert.rejects(uploadCouponImage(coupon.id, huge), rejectsWith("PAYLOAD_TOO_LARGE"));
    await assert.rejects(uploadCouponImage(999_999_999_999, png), rejectsWith("NOT_FOUND"));
  });

  it("when listing for the admin, then disabled coupons appear with sold counts", async () => {
    const coupon = await newCoupon();
    await reserve(coupon.id);
    await changeSale(coupon.id, { action: "disable" });
    const listed = (await listAdminCoupons()).items.find((c) => c.id === coupon.id);
    assert.deepEqual([listed?.saleState, listed?.sold, listed?.stock], ["DISABLED", 1, 9]);
  });

  it("when the admin API is called without credentials, then 401", async () => {
    const response = await adminCouponsRoute.GET(new Request("http://x/api/admin/coupons"), {
      params: Promise.resolve({}),
    });
    assert.equal(response.status, 401);
  });
});

describe("list price through the admin API and the catalogue API (real Keycloak token, route handlers)", () => {
  let adminToken: string;
  before(async () => {
    adminToken = await passwordGrant(demoUsers.admin.email, demoUsers.admin.password);
  });

  const json = (token: string, method: string, body: unknown) =>
    new Request("http://x/api/admin/coupons", {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  async function post(body: Record<string, unknown>) {
    const response = await adminCouponsRoute.POST(json(adminToken, "POST", body), { params: Promise.resolve({}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function patch(id: number, body: Record<string, unknown>) {
    const response = await adminCouponRoute.PATCH(json(adminToken, "PATCH", body), {
      params: Promise.resolve({ id: String(id) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function shown(id: number) {
    const response = await couponRoute.GET(new Request(`http://x/api/coupons/${id}`), {
      params: Promise.resolve({ id: String(id) }),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { price: number; listPrice: number | null };
  }

  const input = (overrides: Record<string, unknown> = {}) => ({
    name: `list price test ${randomUUID().slice(0, 8)}`,
    description: "made by the admin integration test",
    price: 700,
    totalStock: 5,
    saleStart: new Date(Date.now() - 60_000).toISOString(),
    saleEnd: new Date(Date.now() + hour).toISOString(),
    ...overrides,
  });

  const listPriceIssue = { path: "listPrice", message: "The list price must be higher than the sale price." };

  it("when a coupon is created with a list price, then GET /api/coupons/:id carries it; null clears it again", async () => {
    const made = await post(input({ listPrice: 1000 }));
    assert.equal(made.status, 201);
    const id = made.body.id as number;
    created.push(id);
    assert.equal(made.body.listPrice, 1000);
    assert.equal((await row(id))?.listPrice, 1000);
    const detail = await shown(id);
    assert.deepEqual([detail.price, detail.listPrice], [700, 1000]);

    const cleared = await patch(id, { listPrice: null });
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.listPrice, null);
    assert.equal((await shown(id)).listPrice, null, "catalogue invalidated");
  });

  it("when a coupon is created without a list price, then the catalogue shows null", async () => {
    const made = await post(input());
    assert.equal(made.status, 201);
    created.push(made.body.id as number);
    assert.equal((await shown(made.body.id as number)).listPrice, null);
  });

  it("when the list price is not above the price, then 400 names the field and nothing is written", async () => {
    const name = `refused list price ${randomUUID().slice(0, 8)}`;
    for (const listPrice of [700, 699]) {
      const refused = await post(input({ name, listPrice }));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, "BAD_REQUEST");
      assert.deepEqual(refused.body.issues, [listPriceIssue]);
    }
    assert.equal((await db.select().from(coupons).where(eq(coupons.name, name))).length, 0);
  });

  it("when an edit moves one price past the stored other, then 400 and the coupon keeps both prices", async () => {
    const made = await post(input({ listPrice: 1000 }));
    assert.equal(made.status, 201);
    const id = made.body.id as number;
    created.push(id);

    const priceOnly = await patch(id, { price: 1000 });
    assert.equal(priceOnly.status, 400);
    assert.deepEqual(priceOnly.body.issues, [listPriceIssue]);
    const listOnly = await patch(id, { listPrice: 500 });
    assert.equal(listOnly.status, 400);
    assert.deepEqual(listOnly.body.issues, [listPriceIssue]);
    assert.deepEqual([(await row(id))?.price, (await row(id))?.listPrice], [700, 1000]);

    const both = await patch(id, { price: 1200, listPrice: 1500 });
    assert.equal(both.status, 200);
    const detail = await shown(id);
    assert.deepEqual([detail.price, detail.listPrice], [1200, 1500]);
  });
});
