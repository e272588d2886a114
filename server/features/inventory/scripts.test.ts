import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  defaultPurchaseRateLimit,
  parseReservation,
  purchaseArgs,
  rollbackArgs,
  warmSaleArgs,
} from "@/server/features/inventory/scripts";

describe("inventory script arguments", () => {
  it("when purchase arguments are built, then the eight keys share the coupon's hash tag and ARGV follows", () => {
    const keys = ["{coupon:42}:sale", "{coupon:42}:stock", "{coupon:42}:buyers", "{coupon:42}:pending"];
    const rateLimit = { perSecond: 2, burst: 5 };
    assert.deepEqual(purchaseArgs({ couponId: 42, userId: "user-1", orderId: "order-1", rateLimit }), [
      ...keys,
      "{coupon:42}:idem:-:-",
      "{coupon:42}:rl:user-1",
      "{coupon:42}:room:admitted",
      "{coupon:42}:room",
      "user-1",
      "order-1",
      42,
      0,
      500,
      5,
    ]);
    assert.deepEqual(
      purchaseArgs({ couponId: 42, userId: "user-1", orderId: "order-1", idempotencyKey: "k1", rateLimit }).slice(4),
      [
        "{coupon:42}:idem:user-1:k1",
        "{coupon:42}:rl:user-1",
        "{coupon:42}:room:admitted",
        "{coupon:42}:room",
        "user-1",
        "order-1",
        42,
        86_400,
        500,
        5,
      ],
    );
  });

  it("when the rate is not a whole number of ms per purchase, then the interval is rounded for PX and the burst is at least 1", () => {
    const args = purchaseArgs({ couponId: 1, userId: "u", orderId: "o", rateLimit: { perSecond: 3, burst: 0 } });
    assert.deepEqual(args.slice(-2), [333, 1]);
  });

  it("when no limit is given, then the configured one applies", () => {
    assert.deepEqual(purchaseArgs({ couponId: 1, userId: "u", orderId: "o" }).slice(-2), [
      Math.round(1000 / defaultPurchaseRateLimit.perSecond),
      defaultPurchaseRateLimit.burst,
    ]);
  });

  it('when rollback arguments are built, then keepBuyer becomes the flag "1" or "0"', () => {
    assert.deepEqual(rollbackArgs(7, "o", "u", true).slice(3), ["o", "u", "1"]);
    assert.deepEqual(rollbackArgs(7, "o", "u", false).slice(3), ["o", "u", "0"]);
  });

  it("when warm arguments are built, then settled ids come first with their count, owners after", () => {
    const args = warmSaleArgs({
      couponId: 3,
      force: true,
      price: 500,
      startMs: 1,
      endMs: 2,
      state: "ACTIVE",
      room: "1",
      dbStock: 10,
      settledOrderIds: ["a", "b"],
      owners: ["u1"],
    });
    assert.deepEqual(args.slice(4), ["1", 500, 1, 2, "ACTIVE", "1", 10, 2, "a", "b", "u1"]);
  });

  it("when the purchase script replies, then the reply is typed, and anything unexpected throws", () => {
    assert.deepEqual(parseReservation(["OK", 9, 1999, 1700000000000, "order-1"]), {
      code: "OK",
      remaining: 9,
      price: 1999,
      reservedAt: 1700000000000,
      orderId: "order-1",
    });
    assert.deepEqual(parseReservation(["SOLD_OUT", 0, -1, -1]), {
      code: "SOLD_OUT",
      remaining: 0,
      price: -1,
      reservedAt: -1,
      orderId: undefined,
    });
    assert.deepEqual(parseReservation(["REPLAY", -1, -1, -1, "order-1"]), {
      code: "REPLAY",
      remaining: -1,
      price: -1,
      reservedAt: -1,
      orderId: "order-1",
    });
    assert.deepEqual(parseReservation(["RATE_LIMITED", 412, -1, -1]), {
      code: "RATE_LIMITED",
      remaining: 412,
      price: -1,
      reservedAt: -1,
      orderId: undefined,
    });
    assert.throws(() => parseReservation(["WHAT", 0, 0, 0]));
    assert.throws(() => parseReservation("OK"));
  });
});
