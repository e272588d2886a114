import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adminCoupon } from "@/components/admin/admin-coupon.fixture";
import {
  couponMessages,
  formFromCoupon,
  emptyForm,
  isoToLocalInput,
  issuesToErrors,
  localInputToIso,
  parseListPriceCents,
  parsePriceCents,
  parseRoomNumber,
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
  roomEnabled: false,
  roomPrequeueMinutes: "10",
  roomAdmitPerSecond: "",
  roomMarginPercent: "10",
  roomProofOfWork: true,
};
const roomOn: CouponFormValues = {
  ...valid,
  roomEnabled: true,
  roomPrequeueMinutes: "15",
  roomAdmitPerSecond: "200",
  roomMarginPercent: "5",
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

  describe("waiting room", () => {
    it("when the switch is off, then the input sends enabled: false with the numbers as typed", () => {
      const { input, errors } = validateForm({ ...roomOn, roomEnabled: false });
      assert.deepEqual(errors, {});
      assert.deepEqual(input?.waitingRoom, {
        enabled: false,
        prequeueMinutes: 15,
        admitPerSecond: 200,
        marginPercent: 5,
        proofOfWork: true,
      });
    });

    it("when the switch is off and a hidden number is wrong, then the form still saves, with the default for it", () => {
      const { input, errors } = validateForm({ ...roomOn, roomEnabled: false, roomPrequeueMinutes: "abc" });
      assert.deepEqual(errors, {});
      assert.deepEqual(input?.waitingRoom, {
        enabled: false,
        prequeueMinutes: 10,
        admitPerSecond: 200,
        marginPercent: 5,
        proofOfWork: true,
      });
    });

    it("when the switch is on, then the input sends the numbers and the proof-of-work switch; an empty rate is null (the server's default)", () => {
      assert.deepEqual(validateForm({ ...roomOn, roomProofOfWork: false }).input?.waitingRoom, {
        enabled: true,
        prequeueMinutes: 15,
        admitPerSecond: 200,
        marginPercent: 5,
        proofOfWork: false,
      });
      assert.equal(validateForm({ ...roomOn, roomAdmitPerSecond: "  " }).input?.waitingRoom?.admitPerSecond, null);
    });

    it("when the switch is on and numbers are wrong, then each field says why in the API's words", () => {
      const { input, errors } = validateForm({
        ...roomOn,
        roomPrequeueMinutes: "2000",
        roomAdmitPerSecond: "0",
        roomMarginPercent: "-1",
      });
      assert.equal(input, null);
      assert.deepEqual(errors, {
        roomPrequeueMinutes: couponMessages.prequeueTooLong,
        roomAdmitPerSecond: couponMessages.admitRateZero,
        roomMarginPercent: couponMessages.marginNegative,
      });
    });

    for (const [field, text, expected] of [
      ["roomPrequeueMinutes", "", couponMessages.prequeueMissing],
      ["roomPrequeueMinutes", "2.5", couponMessages.prequeueNotWhole],
      ["roomPrequeueMinutes", "-3", couponMessages.prequeueNegative],
      ["roomPrequeueMinutes", "0", 0],
      ["roomPrequeueMinutes", " 1440 ", 1440],
      ["roomAdmitPerSecond", "", null],
      ["roomAdmitPerSecond", "fast", couponMessages.admitRateNotWhole],
      ["roomAdmitPerSecond", "100001", couponMessages.admitRateTooHigh],
      ["roomAdmitPerSecond", "99999999999999999999", couponMessages.admitRateTooHigh],
      ["roomAdmitPerSecond", "1", 1],
      ["roomMarginPercent", "", couponMessages.marginMissing],
      ["roomMarginPercent", "101", couponMessages.marginTooHigh],
      ["roomMarginPercent", "10%", couponMessages.marginNotWhole],
      ["roomMarginPercent", "0", 0],
    ] as const) {
      it(`when ${field} reads ${JSON.stringify(text)}, then it gives ${JSON.stringify(expected)}`, () => {
        assert.equal(parseRoomNumber(field, text), expected);
      });
    }

    it("when a coupon with a room is edited, then the switch and numbers are filled from it", () => {
      const coupon = adminCoupon({
        waitingRoom: { enabled: true, prequeueMinutes: 20, admitPerSecond: 150, marginPercent: 0, proofOfWork: true },
      });
      const form = formFromCoupon(coupon);
      assert.deepEqual(
        [form.roomEnabled, form.roomPrequeueMinutes, form.roomAdmitPerSecond, form.roomMarginPercent],
        [true, "20", "150", "0"],
      );
      assert.equal(
        formFromCoupon({ ...coupon, waitingRoom: { ...coupon.waitingRoom, admitPerSecond: null } }).roomAdmitPerSecond,
        "",
      );
      // Saving the edit untouched sends the room back as it was.
      assert.deepEqual(validateForm(form, coupon.sold).input?.waitingRoom, coupon.waitingRoom);
    });

    it("when a new coupon is made, then the room starts off, with the API's defaults ready for the switch", () => {
      const form = emptyForm(Date.parse("2030-01-01T10:00:00Z"));
      assert.deepEqual(
        [form.roomEnabled, form.roomPrequeueMinutes, form.roomAdmitPerSecond, form.roomMarginPercent],
        [false, "10", "", "10"],
      );
    });

    it("when the API refuses a room number, then the issue lands on that field", () => {
      assert.deepEqual(
        issuesToErrors([
          { path: "waitingRoom.marginPercent", message: "The margin can be at most 100%." },
          { path: "waitingRoom", message: "Whole room" },
        ]),
        { roomMarginPercent: "The margin can be at most 100%.", form: "Whole room" },
      );
    });
  });
});
