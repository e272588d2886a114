import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { couponStatus } from "@/server/features/catalogue/coupon-status";

const base = { saleStart: 1000, saleEnd: 2000, saleState: "ACTIVE" as const, stock: 5 };

describe("couponStatus", () => {
  it("when the sale has not started, then UPCOMING (even with no stock)", () => {
    assert.equal(couponStatus(base, 999), "UPCOMING");
    assert.equal(couponStatus({ ...base, stock: 0 }, 999), "UPCOMING");
  });
  it("when the sale runs with stock, then ON_SALE from the first millisecond", () => {
    assert.equal(couponStatus(base, 1000), "ON_SALE");
  });
  it("when the sale runs without stock, then SOLD_OUT", () => {
    assert.equal(couponStatus({ ...base, stock: 0 }, 1500), "SOLD_OUT");
  });
  it("when the end time is reached, then ENDED whatever the stock or pause", () => {
    assert.equal(couponStatus(base, 2000), "ENDED");
    assert.equal(couponStatus({ ...base, saleState: "PAUSED", stock: 0 }, 2500), "ENDED");
  });
  it("when the sale is paused before its end, then PAUSED", () => {
    assert.equal(couponStatus({ ...base, saleState: "PAUSED" }, 500), "PAUSED");
    assert.equal(couponStatus({ ...base, saleState: "PAUSED", stock: 0 }, 1500), "PAUSED");
  });
  it("when the coupon is disabled, then ENDED (only the admin console ever shows it)", () => {
    assert.equal(couponStatus({ ...base, saleState: "DISABLED" }, 1500), "ENDED");
  });
});
