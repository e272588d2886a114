import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  creditShortfall,
  describeFailure,
  describeShortfall,
  formatCountdown,
  formatMoney,
  formatUtcDateTime,
} from "@/components/format";
import { liveStatus } from "@/components/ui/coupon-status";

describe("formatting for shoppers", () => {
  it("when cents are formatted, then they read as dollars", () => {
    assert.equal(formatMoney(1999), "$19.99");
    assert.equal(formatMoney(5), "$0.05");
  });

  it("when a date is rendered before the browser's zone is known, then it reads the same in every runtime, in UTC", () => {
    assert.equal(formatUtcDateTime("2026-12-02T09:05:00.000Z"), "2026-12-02 09:05 UTC");
    assert.equal(formatUtcDateTime("2026-01-31T23:59:59+02:00"), "2026-01-31 21:59 UTC");
    assert.equal(formatUtcDateTime("not a date"), "not a date");
  });

  it("when time is left, then the countdown names its units, the two largest only", () => {
    assert.equal(formatCountdown(48_000), "48 s");
    assert.equal(formatCountdown(409_000), "6 min 49 s");
    assert.equal(formatCountdown(8_100_000), "2 h 15 min");
    assert.equal(formatCountdown(3_600_000 + 1000), "1 h");
    assert.equal(formatCountdown(4 * 86_400_000 - 20 * 3_600_000), "3 d 4 h");
    assert.equal(formatCountdown(300_000), "5 min");
  });

  it("when the moment has passed or less than a second is left, then the countdown never goes negative", () => {
    assert.equal(formatCountdown(-5), "0 s");
    assert.equal(formatCountdown(0), "0 s");
    assert.equal(formatCountdown(1), "1 s");
  });

  it("when the credit is below the price, then the missing amount is told in money; enough or unknown credit tells nothing", () => {
    assert.equal(creditShortfall(850, 500), 350);
    assert.equal(describeShortfall(350), "Not enough credit — $3.50 short");
    assert.equal(creditShortfall(500, 500), null);
    assert.equal(creditShortfall(350, 500), null);
    assert.equal(creditShortfall(850, null), null);
  });

  it("when a payment fails for lack of credit, then the shopper reads exactly that", () => {
    assert.equal(describeFailure("INSUFFICIENT_CREDIT"), "Payment failed: not enough credit");
    assert.equal(describeFailure("CARD_EXPLODED"), "Payment failed: card exploded");
  });
});

describe("live coupon status on the server clock", () => {
  const coupon = {
    status: "UPCOMING" as const,
    stock: 3,
    saleStart: "2030-01-01T10:00:00Z",
    saleEnd: "2030-01-01T11:00:00Z",
  };
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
