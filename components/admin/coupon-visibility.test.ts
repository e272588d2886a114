import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AdminCoupon } from "@/components/api-types";
import { countDisabled, visibleCoupons } from "@/components/admin/coupon-visibility";

const base: AdminCoupon = {
  id: 1,
  name: "Pizza",
  description: "",
  price: 1999,
  listPrice: null,
  imageUrl: null,
  imageKey: null,
  stock: 5,
  totalStock: 10,
  sold: 5,
  saleStart: "2030-01-01T10:00:00.000Z",
  saleEnd: "2030-01-02T10:00:00.000Z",
  saleState: "ACTIVE",
  status: "ON_SALE",
};
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
