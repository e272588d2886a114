import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adminCoupon } from "@/components/admin/admin-coupon.fixture";
import {
  couponMessages,
  formFromCoupon,
  isoToLocalInput,
  issuesToErrors,
  localInputToIso,
  parseListPriceCents,
  parsePriceCents,
  parseTotalStock,
  validateForm,
  type CouponFormValues,
} from "@/components/admin/coupon-form-model";

const valid: CouponFormValues = {
  name: "  Pizza 2-for-1 ",
  description: "Any large pizza",
  priceDollars: "19.99",
  listPriceDollars: "",
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
    assert.equal(
      validateForm({ ...valid, priceDollars: "1.005" }).errors.priceDollars,
      "Use at most two decimals for the price, like 19.99.",
    );
  });

  it("when the price is negative, then the message says so rather than asking for a format", () => {
    const { input, errors } = validateForm({ ...valid, priceDollars: "-5" });
    assert.equal(input, null);
    assert.equal(errors.priceDollars, "The price cannot be negative.");
    assert.equal(parsePriceCents("-0.5"), "The price cannot be negative.");
    assert.equal(parsePriceCents("-1.005"), "The price cannot be negative.");
  });

  for (const [text, expected] of [
    ["", couponMessages.priceMissing],
    ["  ", couponMessages.priceMissing],
    ["abc", couponMessages.priceNotANumber],
    ["1,99", couponMessages.priceNotANumber],
    ["0", couponMessages.priceZero],
    ["0.00", couponMessages.priceZero],
    ["1000000.01", couponMessages.priceTooHigh],
    ["$19.99", 1999],
    [".5", 50],
    ["1000000", 100_000_000],
  ] as const) {
    it(`when the price reads ${JSON.stringify(text)}, then it gives ${JSON.stringify(expected)}`, () => {
      assert.equal(parsePriceCents(text), expected);
    });
  }

  for (const [text, sold, expected] of [
    ["", 0, couponMessages.stockMissing],
    ["-3", 0, couponMessages.stockNegative],
    ["2.5", 0, couponMessages.stockNotWhole],
    ["ten", 0, couponMessages.stockNotWhole],
    ["0", 0, couponMessages.stockZero],
    ["10000001", 0, couponMessages.stockTooHigh],
    ["4", 5, "The stock cannot go below the 5 already sold."],
    [" 100 ", 0, 100],
  ] as const) {
    it(`when the stock reads ${JSON.stringify(text)} with ${sold} sold, then it gives ${JSON.stringify(expected)}`, () => {
      assert.equal(parseTotalStock(text, sold), expected);
    });
  }

  it("when a sale time is past what the database can store, then the field says which dates work", () => {
    const { errors } = validateForm({ ...valid, saleEndLocal: "2040-01-01T10:00" });
    assert.equal(errors.saleEndLocal, couponMessages.timeOutOfRange);
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
      { path: "price", message: "Too small" },
      { path: "saleEnd", message: "Bad" },
      { path: "listPrice", message: "The list price must be higher than the sale price." },
      { path: "", message: "General" },
    ]);
    assert.deepEqual(errors, {
      priceDollars: "Too small",
      saleEndLocal: "Bad",
      listPriceDollars: "The list price must be higher than the sale price.",
      form: "General",
    });
  });

  it("when a coupon is edited, then its list price fills the field in dollars, or leaves it empty when there is none", () => {
    const coupon = adminCoupon({ listPrice: 2999, status: "UPCOMING" });
    assert.equal(formFromCoupon(coupon).listPriceDollars, "29.99");
    assert.equal(formFromCoupon({ ...coupon, listPrice: null }).listPriceDollars, "");
  });

  it("when the list price is left empty, then the input sends null, which clears a stored one", () => {
    const { input, errors } = validateForm({ ...valid, listPriceDollars: "  " });
    assert.deepEqual(errors, {});
    assert.equal(input?.listPrice, null);
  });

  it("when the list price is above the sale price, then it is sent in cents", () => {
    const { input, errors } = validateForm({ ...valid, listPriceDollars: "$29.99" });
    assert.deepEqual(errors, {});
    assert.equal(input?.listPrice, 2999);
  });

  for (const listPriceDollars of ["19.99", "10"]) {
    it(`when the list price ${listPriceDollars} is not above the sale price 19.99, then the field says so in the API's words`, () => {
      const { input, errors } = validateForm({ ...valid, listPriceDollars });
      assert.equal(input, null);
      assert.equal(errors.listPriceDollars, "The list price must be higher than the sale price.");
      assert.equal(errors.priceDollars, undefined);
    });
  }

  it("when the sale price itself is wrong, then only the price carries the error", () => {
    const { errors } = validateForm({ ...valid, priceDollars: "abc", listPriceDollars: "5" });
    assert.equal(errors.priceDollars, couponMessages.priceNotANumber);
    assert.equal(errors.listPriceDollars, undefined);
  });

  for (const [text, expected] of [
    ["", null],
    ["abc", couponMessages.listPriceNotANumber],
    ["-3", "The list price cannot be negative."],
    ["0", "The list price must be more than $0.00."],
    ["1.005", couponMessages.listPriceCents],
    ["1000000.01", "The list price can be at most $1,000,000.00."],
    ["0.29", 29],
    ["1000000", 100_000_000],
  ] as const) {
    it(`when the list price reads ${JSON.stringify(text)}, then it gives ${JSON.stringify(expected)}`, () => {
      assert.equal(parseListPriceCents(text), expected);
    });
  }
});
