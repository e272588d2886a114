import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { OrderEvent } from "@/server/events/order-event";
import { ownershipKey, planSettlements, type LockedState } from "@/server/features/payments/plan-settlements";

let seq = 0;
function order(userId: string, couponId: number, price: number, reservedAt: number): OrderEvent {
  seq += 1;
  return { orderId: `order-${seq}`, userId, couponId, price, serverId: null, reservedAt };
}

const outcomes = (decisions: ReturnType<typeof planSettlements>) =>
  decisions.map((d) => [d.event.orderId, d.outcome === "PAID" ? "PAID" : d.reason]);

describe("planSettlements", () => {
  it("when a user's credit covers only the older of two orders, then the older is PAID and the newer INSUFFICIENT_CREDIT", () => {
    const newer = order("u1", 1, 600, 20);
    const older = order("u1", 2, 600, 10);
    const state: LockedState = {
      stock: new Map([
        [1, 5],
        [2, 5],
      ]),
      credit: new Map([["u1", 1_000]]),
      owned: new Set(),
    };
    assert.deepEqual(outcomes(planSettlements([newer, older], state, () => true)), [
      [older.orderId, "PAID"],
      [newer.orderId, "INSUFFICIENT_CREDIT"],
    ]);
  });

  it("when the checks fail, then the reasons come in the per-order path's sequence", () => {
    const state: LockedState = {
      stock: new Map([
        [1, 1],
        [2, 0],
      ]),
      credit: new Map([
        ["rich", 10_000],
        ["poor", 10],
        ["owner", 10_000],
      ]),
      owned: new Set([ownershipKey("owner", 1)]),
    };
    const unknownCoupon = order("rich", 99, 100, 1);
    const released = order("rich", 1, 100, 2);
    const soldOut = order("rich", 2, 100, 3);
    const noUser = order("ghost", 1, 100, 4);
    // Lacks credit AND owns it: credit is checked first, as the per-order path's UPDATE runs before its INSERT.
    const poorOwner = order("poor", 1, 100, 5);
    const owner = order("owner", 1, 100, 6);
    const decisions = planSettlements(
      [unknownCoupon, released, soldOut, noUser, poorOwner, owner],
      state,
      (id) => id !== released.orderId,
    );
    const reasons = new Map(outcomes(decisions) as [string, string][]);
    assert.equal(reasons.get(unknownCoupon.orderId), "COUPON_NOT_FOUND");
    assert.equal(reasons.get(released.orderId), "RESERVATION_RELEASED");
    assert.equal(reasons.get(soldOut.orderId), "OUT_OF_STOCK");
    assert.equal(reasons.get(noUser.orderId), "USER_NOT_FOUND");
    assert.equal(reasons.get(poorOwner.orderId), "INSUFFICIENT_CREDIT");
    assert.equal(reasons.get(owner.orderId), "ALREADY_OWNED");
  });

  it("when two orders of one user for one coupon are in the batch, then the first is PAID and the second ALREADY_OWNED", () => {
    const first = order("u", 1, 100, 1);
    const second = order("u", 1, 100, 2);
    const state: LockedState = { stock: new Map([[1, 5]]), credit: new Map([["u", 1_000]]), owned: new Set() };
    assert.deepEqual(outcomes(planSettlements([second, first], state, () => true)), [
      [first.orderId, "PAID"],
      [second.orderId, "ALREADY_OWNED"],
    ]);
  });

  it("when more orders than stock arrive, then the units go in settlement order and the rest are OUT_OF_STOCK", () => {
    const events = ["c", "a", "b"].map((user, i) => order(user, 1, 100, i));
    const state: LockedState = {
      stock: new Map([[1, 2]]),
      credit: new Map([
        ["a", 100],
        ["b", 100],
        ["c", 100],
      ]),
      owned: new Set(),
    };
    const decided = planSettlements(events, state, () => true);
    assert.deepEqual(
      decided.map((d) => [d.event.userId, d.outcome === "PAID" ? "PAID" : d.reason]),
      [
        ["a", "PAID"],
        ["b", "PAID"],
        ["c", "OUT_OF_STOCK"],
      ],
    );
    assert.equal(state.stock.get(1), 2, "the locked state read from MySQL is not mutated");
  });
});
