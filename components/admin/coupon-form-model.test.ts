import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isoToLocalInput, issuesToErrors, localInputToIso, validateForm, type CouponFormValues } from "@/components/admin/coupon-form-model";

const valid: CouponFormValues = {
  name: "  Pizza 2-for-1 ",
  description: "Any large pizza",
  priceDollars: "19.99",
  totalStock: "100",
  saleStartLocal: "2030-01-01T10:00",
  saleEndLocal: "2030-01-02T10:00",
};

describe("coupon form model", () => {
  it("when the form is valid, then it yields cents, trimmed text and UTC ISO times", () => {
    const { input, errors } = validateForm(valid);
    assert.deepEqual(errors, {});
    assert.equal(input?.price, 1999);
    assert.equal(input?.name, "Pizza 2-for-1");
    assert.equal(input?.totalStock, 100);
    assert.equal(input?.saleStart, new Date("2030-01-01T10:00").toISOString());
  });

  it("when a price has floating-point trouble, then cents are still exact", () => {
    assert.equal(validateForm({ ...valid, priceDollars: "0.29" }).input?.price, 29);
    assert.equal(validateForm({ ...valid, priceDollars: "1.005" }).errors.priceDollars, "Enter a price like 19.99.");
  });

  it("when the end is before the start or stock is below sold, then the fields carry errors", () => {
    const { input, errors } = validateForm({ ...valid, saleEndLocal: "2029-12-31T10:00", totalStock: "3" }, 5);
    assert.equal(input, null);
    assert.match(errors.saleEndLocal ?? "", /after it opens/);
    assert.match(errors.totalStock ?? "", /5 already sold/);
  });

  it("when a local input round-trips through ISO, then it is unchanged", () => {
    const iso = localInputToIso("2030-06-15T08:30");
    assert.ok(iso);
    assert.equal(isoToLocalInput(iso), "2030-06-15T08:30");
  });

  it("when the API returns issues, then they land on the matching form fields", () => {
    const errors = issuesToErrors([
      { path: ["price"], message: "Too small" },
      { path: "saleEnd", message: "Bad" },
      { path: [], message: "General" },
    ]);
    assert.deepEqual(errors, { priceDollars: "Too small", saleEndLocal: "Bad", form: "General" });
  });
});
