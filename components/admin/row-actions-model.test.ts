import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AdminCoupon } from "@/components/api-types";
import { adminCoupon } from "@/components/admin/admin-coupon.fixture";
import { rowActionsFor } from "@/components/admin/row-actions-model";

const coupon = adminCoupon();

const names = (c: AdminCoupon) => rowActionsFor(c).map((a) => a.action);

describe("row actions model", () => {
  it("when the sale is active, then it can be paused but not resumed", () => {
    assert.deepEqual(names(coupon), ["pause", "end", "disable", "delete"]);
  });

  it("when the sale is paused, then it can be resumed but not paused again", () => {
    assert.deepEqual(names({ ...coupon, saleState: "PAUSED" }), ["resume", "end", "disable", "delete"]);
  });

  it("when the coupon is disabled, then it stays retired: no pause, resume or second disable", () => {
    assert.deepEqual(names({ ...coupon, saleState: "DISABLED" }), ["end", "delete"]);
  });

  it("when the sale has ended, then End is still shown but disabled, and only End", () => {
    const actions = rowActionsFor({ ...coupon, status: "ENDED" });
    assert.deepEqual(
      actions.filter((a) => a.isDisabled).map((a) => a.action),
      ["end"],
    );
    assert.equal(rowActionsFor(coupon).find((a) => a.action === "end")?.isDisabled, false);
  });

  it("when actions are destructive, then their buttons say so by colour", () => {
    const variants = Object.fromEntries(rowActionsFor(coupon).map((a) => [a.action, a.variant]));
    assert.equal(variants.end, "outline-danger");
    assert.equal(variants.delete, "outline-danger");
    assert.equal(variants.pause, "outline-warning");
  });
});
