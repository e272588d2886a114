import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import { adminCoupons, createCouponBody, saleActionBody, saleStats, updateCouponBody } from "@/contract/admin";
import { couponDetailView, couponIdParam, couponPageView, listCouponsQuery } from "@/contract/coupons";
import { errorBody } from "@/contract/errors";
import { me } from "@/contract/me";
import { idempotencyKey, myOrders, orderView, purchaseAccepted, purchaseBody } from "@/contract/orders";

const coupon = {
  id: 7,
  name: "Pizza 2-for-1",
  description: "Any large pizza",
  price: 1999,
  listPrice: 2999,
  imageUrl: null,
  stock: 3,
  totalStock: 100,
  saleStart: "2030-01-01T10:00:00.000Z",
  saleEnd: "2030-01-02T10:00:00.000Z",
  status: "ON_SALE",
};
const orderId = "0b8a2a52-6a4f-4c43-9a55-9d0c8d0f2b11";

/** A payload that goes through JSON and the schema comes out the same: what the server sends is what clients read. */
function roundTrips(schema: z.ZodType, payload: unknown) {
  assert.deepEqual(schema.parse(JSON.parse(JSON.stringify(payload))), payload);
}

describe("contract schemas round-trip sample payloads", () => {
  const samples: [string, z.ZodType, unknown][] = [
    [
      "coupon page",
      couponPageView,
      { items: [{ ...coupon, room: null }], page: 1, size: 20, total: 1, serverTime: coupon.saleStart },
    ],
    [
      "coupon detail with a waiting room",
      couponDetailView,
      { ...coupon, listPrice: null, room: { prequeueFrom: "2030-01-01T09:50:00.000Z" }, serverTime: coupon.saleStart },
    ],
    ["purchase answer", purchaseAccepted, { orderId, status: "PENDING" }],
    ["pending order", orderView, { orderId, couponId: 7, status: "PENDING", price: 1999, createdAt: coupon.saleStart }],
    [
      "my orders",
      myOrders,
      {
        items: [
          {
            orderId,
            couponId: 7,
            couponName: null,
            status: "FAILED",
            failureReason: "INSUFFICIENT_CREDIT",
            price: 1999,
            createdAt: coupon.saleStart,
          },
        ],
      },
    ],
    ["me", me, { id: "u-1", email: "a@example.com", credit: 50_000, roles: ["user", "admin"] }],
    [
      "admin coupons",
      adminCoupons,
      {
        items: [
          {
            ...coupon,
            sold: 97,
            saleState: "PAUSED",
            imageKey: "coupons/7/x.png",
            waitingRoom: {
              enabled: true,
              prequeueMinutes: 10,
              admitPerSecond: null,
              marginPercent: 10,
              proofOfWork: false,
            },
          },
        ],
      },
    ],
    [
      "sale stats",
      saleStats,
      {
        couponId: 7,
        outcomes: { ACCEPTED: 3, SOLD_OUT: 10 },
        sold: 2,
        remaining: 1,
        pendingSettlement: 1,
        kafkaLag: null,
        audit: "OK",
        room: null,
        serverTime: coupon.saleStart,
      },
    ],
    [
      "sale stats with a waiting room",
      saleStats,
      {
        couponId: 7,
        outcomes: { ACCEPTED: 2, NOT_ADMITTED: 40 },
        sold: 2,
        remaining: 1,
        pendingSettlement: 0,
        kafkaLag: 0,
        audit: "OK",
        room: {
          state: "open",
          joined: 12,
          waiting: 8,
          holdingAdmission: 1,
          admitted: 4,
          abandoned: 1,
          purchased: 2,
          ratePerSecond: 200,
          conversion: 0.5,
        },
        serverTime: coupon.saleStart,
      },
    ],
    [
      "validation error",
      errorBody,
      { error: "BAD_REQUEST", message: "The request is not valid.", issues: [{ path: "price", message: "x" }] },
    ],
    [
      "stock conflict",
      errorBody,
      { error: "CONFLICT", message: "Total stock cannot go below the 3 already sold.", sold: 3 },
    ],
    ["sale action", saleActionBody, { action: "pause" }],
    ["empty purchase body", purchaseBody, {}],
  ];
  for (const [name, schema, payload] of samples) {
    it(`when a ${name} goes through JSON, then the schema gives it back unchanged`, () => roundTrips(schema, payload));
  }

  it("when a create body is valid, then it parses to the same body with the name trimmed", () => {
    const body = {
      name: " Pizza ",
      description: "",
      price: 100,
      listPrice: 150,
      totalStock: 5,
      saleStart: coupon.saleStart,
      saleEnd: coupon.saleEnd,
    };
    assert.deepEqual(createCouponBody.parse(body), { ...body, name: "Pizza" });
    assert.deepEqual(updateCouponBody.parse({ listPrice: null }), { listPrice: null });
  });
});

describe("contract schemas refuse what the API refuses", () => {
  it("when money is not whole cents or a time is not ISO, then a view is refused", () => {
    assert.equal(couponDetailView.safeParse({ ...coupon, serverTime: coupon.saleStart, price: 19.99 }).success, false);
    assert.equal(
      orderView.safeParse({ orderId, couponId: 7, status: "PENDING", price: 1, createdAt: "yesterday" }).success,
      false,
    );
    assert.equal(errorBody.safeParse({ error: "TEAPOT", message: "no" }).success, false);
  });

  it("when a purchase carries a field or an odd Idempotency-Key, then it is refused", () => {
    assert.equal(purchaseBody.safeParse({ price: 1 }).success, false);
    assert.equal(idempotencyKey.safeParse("has space").success, false);
    assert.equal(idempotencyKey.safeParse("a".repeat(101)).success, false);
    assert.equal(idempotencyKey.safeParse("click-1").success, true);
  });

  it("when the list price is not above the price or the sale closes first, then the issue names the field", () => {
    const body = {
      name: "x",
      description: "",
      price: 100,
      listPrice: 100,
      totalStock: 5,
      saleStart: coupon.saleEnd,
      saleEnd: coupon.saleStart,
    };
    const paths = createCouponBody.safeParse(body).error?.issues.map((issue) => issue.path.join("."));
    assert.deepEqual(paths, ["saleEnd", "listPrice"]);
  });

  it("when URL numbers are digits within range, then they become numbers; anything else is refused", () => {
    assert.deepEqual(listCouponsQuery.parse({}), { page: 1, size: 20 });
    assert.deepEqual(listCouponsQuery.parse({ page: "3", size: "100" }), { page: 3, size: 100 });
    assert.equal(listCouponsQuery.safeParse({ size: "101" }).success, false);
    assert.equal(couponIdParam.safeParse("1e3").success, false);
    assert.equal(couponIdParam.parse("42"), 42);
  });
});
