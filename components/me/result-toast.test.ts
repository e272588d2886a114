import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isToastWorthy, tellOnPanel } from "@/components/me/result-toast";

describe("which results are toasted in this tab", () => {
  it("when a failed order's Buy panel is on screen, then no toast repeats it; once the panel is gone, one does", () => {
    const failed = { orderId: "order-a", status: "FAILED" as const };
    assert.equal(isToastWorthy(failed), true);
    const untell = tellOnPanel("order-a");
    assert.equal(isToastWorthy(failed), false);
    untell();
    assert.equal(isToastWorthy(failed), true);
  });
  it("when two panels follow the same order, then it stays told by a panel until both are gone", () => {
    const failed = { orderId: "order-b", status: "FAILED" as const };
    const first = tellOnPanel("order-b");
    const second = tellOnPanel("order-b");
    first();
    assert.equal(isToastWorthy(failed), false);
    second();
    assert.equal(isToastWorthy(failed), true);
  });
  it("when an order succeeds, then it is toasted even with its panel on screen", () => {
    const untell = tellOnPanel("order-c");
    assert.equal(isToastWorthy({ orderId: "order-c", status: "PAID" }), true);
    untell();
  });
});
