import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeFailure, formatCountdown, formatMoney } from "@/components/format";
import { liveStatus } from "@/components/ui/coupon-status";

describe("formatting for shoppers", () => {
  it("when cents are formatted, then they read as dollars", () => {
    assert.equal(formatMoney(1999), "$19.99");
    assert.equal(formatMoney(5), "$0.05");
  });

  it("when time is left, then the countdown shows days only when needed", () => {
    assert.equal(formatCountdown(65_000), "01:05");
    assert.equal(formatCountdown(3_600_000 + 1000), "01:00:01");
    assert.equal(formatCountdown(90_000_000), "1d 01:00:00");
    assert.equal(formatCountdown(-5), "00:00");
  });

  it("when a payment fails for lack of credit, then the shopper reads exactly that", () => {
    assert.equal(describeFailure("INSUFFICIENT_CREDIT"), "Payment failed: not enough credit");
    assert.equal(describeFailure("CARD_EXPLODED"), "Payment failed: card exploded");
  });
});

describe("live coupon status on the server clock", () => {
  const coupon = { status: "UPCOMING" as const, stock: 3, saleStart: "2030-01-01T10:00:00Z", saleEnd: "2030-01-01T11:00:00Z" };
  it("when the server clock passes the start, then an upcoming coupon is on sale", () => {
    assert.equal(liveStatus(coupon, Date.parse("2030-01-01T09:59:59Z")), "UPCOMING");
    assert.equal(liveStatus(coupon, Date.parse("2030-01-01T10:00:00Z")), "ON_SALE");
  });
  it("when stock reaches zero or the end passes, then it is sold out or ended; a pause always wins", () => {
    assert.equal(liveStatus({ ...coupon, stock: 0 }, Date.parse("2030-01-01T10:30:00Z")), "SOLD_OUT");
    assert.equal(liveStatus(coupon, Date.parse("2030-01-01T11:00:00Z")), "ENDED");
    assert.equal(liveStatus({ ...coupon, status: "PAUSED" }, Date.parse("2030-01-01T10:30:00Z")), "PAUSED");
  });
});
