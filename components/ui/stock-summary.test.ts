import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { summarizeStock } from "@/components/ui/stock-summary";

describe("stock bar wording", () => {
  it("when a live sale has most of its stock, then it shows the share claimed, calmly", () => {
    assert.deepEqual(summarizeStock(75, 100, "ON_SALE"), { percentClaimed: 25, tone: "live", text: "25% claimed" });
  });
  it("when more than 80% of a live sale is claimed, then it is urgent; exactly 80% is not yet", () => {
    assert.deepEqual(summarizeStock(19, 100, "ON_SALE"), {
      percentClaimed: 81,
      tone: "urgent",
      text: "Almost gone — 81% claimed",
    });
    assert.equal(summarizeStock(20, 100, "ON_SALE").tone, "live");
  });
  it("when the sale can no longer sell, then the bar is greyed and says why, whatever stock is left", () => {
    assert.deepEqual(summarizeStock(100, 100, "ENDED"), { percentClaimed: 0, tone: "closed", text: "Sale ended" });
    assert.deepEqual(summarizeStock(0, 10, "SOLD_OUT"), { percentClaimed: 100, tone: "closed", text: "Sold out" });
    assert.equal(summarizeStock(5, 10, "PAUSED").tone, "closed");
  });
  it("when an upcoming sale is nearly claimed by nobody, then it is not urgent", () => {
    assert.equal(summarizeStock(1, 100, "UPCOMING").tone, "live");
  });
});
