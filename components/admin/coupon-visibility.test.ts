import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AdminCoupon } from "@/components/api-types";
import { adminCoupon } from "@/components/admin/admin-coupon.fixture";
import { countDisabled, visibleCoupons } from "@/components/admin/coupon-visibility";

const base = adminCoupon();
const coupons: AdminCoupon[] = [
  base,
  { ...base, id: 2, saleState: "DISABLED" },
  { ...base, id: 3, saleState: "PAUSED" },
  { ...base, id: 4, saleState: "DISABLED" },
];

describe("coupon visibility", () => {
  it("when disabled coupons are hidden, then the live and paused ones stay, in their order", () => {
    assert.deepEqual(
      visibleCoupons(coupons, false).map((c) => c.id),
      [1, 3],
    );
  });

  it("when disabled coupons are shown, then every coupon is listed", () => {
    assert.deepEqual(
      visibleCoupons(coupons, true).map((c) => c.id),
      [1, 2, 3, 4],
    );
  });

  it("when coupons are counted for the switch, then only the disabled ones count", () => {
    assert.equal(countDisabled(coupons), 2);
    assert.equal(countDisabled([]), 0);
  });
});
