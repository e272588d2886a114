import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createCouponInput, updateCouponInput } from "@/server/features/admin/admin-input";

const valid = {
  name: "Coupon",
  description: "",
  price: 100,
  totalStock: 10,
  saleStart: "2030-01-01T00:00:00Z",
  saleEnd: "2030-01-02T00:00:00Z",
};

describe("admin input dates", () => {
  it("when both dates sit inside MySQL TIMESTAMP's range, then the input parses", () => {
    assert.equal(createCouponInput.safeParse(valid).success, true);
    assert.equal(createCouponInput.safeParse({ ...valid, saleStart: "1970-01-01T00:00:01Z", saleEnd: "2038-01-19T03:14:07Z" }).success, true);
  });

  for (const [field, value] of [
    ["saleStart", "1969-12-31T23:59:59Z"],
    ["saleStart", "1970-01-01T00:00:00Z"],
    ["saleStart", "0000-01-01T00:00:00Z"],
    ["saleEnd", "2038-01-19T03:14:08Z"],
    ["saleEnd", "9999-12-31T23:59:59+14:00"],
    ["saleEnd", "2038-01-19T05:00:00+01:00"],
  ] as const) {
    it(`when ${field} is ${value}, outside the TIMESTAMP range, then it is refused on create and update`, () => {
      const created = createCouponInput.safeParse({ ...valid, [field]: value });
      assert.equal(created.success, false);
      assert.ok(created.error?.issues.some((issue) => issue.path[0] === field));
      assert.equal(updateCouponInput.safeParse({ [field]: value }).success, false);
    });
  }
});
