import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeSaving, priceSaving } from "@/components/ui/price-saving";

describe("saving against the list price", () => {
  it("when the list price is above the price, then the saving is the difference and its share of the list price", () => {
    assert.deepEqual(priceSaving(700, 1000), { amount: 300, percent: 30 });
    assert.equal(describeSaving({ amount: 300, percent: 30 }), "Save $3.00 (30%)");
  });

  it("when the percentage is not whole, then it is rounded down, never overstated", () => {
    assert.deepEqual(priceSaving(1999, 2999), { amount: 1000, percent: 33 });
    assert.deepEqual(priceSaving(1, 3), { amount: 2, percent: 66 });
    assert.deepEqual(priceSaving(100, 199), { amount: 99, percent: 49 });
  });

  it("when the saving is under one percent, then only the amount is told", () => {
    const saving = priceSaving(99_999, 100_000);
    assert.deepEqual(saving, { amount: 1, percent: 0 });
    assert.equal(describeSaving(saving), "Save $0.01");
  });

  it("when there is no list price, or it is not above the price, then there is no saving", () => {
    assert.equal(priceSaving(700, null), null);
    assert.equal(priceSaving(700, undefined), null);
    assert.equal(priceSaving(700, 700), null);
    assert.equal(priceSaving(700, 500), null);
  });
});
