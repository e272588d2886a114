import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  consistencyLabel,
  couponDeletedToast,
  couponSavedToast,
  disableInsteadConfirmation,
  outcomeLabel,
  rowActionConfirmation,
  rowActionWords,
  saleActionFailedTitle,
  saleActionToast,
} from "@/components/admin/admin-wording";

describe("admin wording", () => {
  it("when a sale action succeeds, then the toast is a plain sentence naming the coupon", () => {
    assert.deepEqual(saleActionToast("pause", "Pizza"), {
      title: "Sale paused",
      body: "Sale paused. Shoppers cannot buy Pizza until you resume it.",
    });
    assert.match(saleActionToast("resume", "Pizza").body, /^Sale resumed\. .*Pizza/);
    assert.match(saleActionToast("end", "Pizza").body, /^Sale ended\. /);
    assert.match(saleActionToast("disable", "Pizza").body, /^Coupon disabled\. /);
    for (const action of ["pause", "resume", "end", "disable"] as const)
      assert.doesNotMatch(saleActionToast(action, "X").body, /done/);
  });

  it("when a sale action fails, then the title says what could not be done", () => {
    assert.equal(saleActionFailedTitle("pause"), "Could not pause the sale");
    assert.equal(saleActionFailedTitle("disable"), "Could not disable the coupon");
  });

  it("when a row action cannot be taken back, then it asks first; pause and resume run at once", () => {
    assert.equal(rowActionConfirmation("pause"), null);
    assert.equal(rowActionConfirmation("resume"), null);
    assert.deepEqual(rowActionConfirmation("end"), {
      title: "End the sale now?",
      body: "Nobody can buy it after this. Orders already placed are kept.",
      confirmLabel: "End sale",
      variant: "danger",
    });
    assert.equal(rowActionConfirmation("disable")?.confirmLabel, "Disable");
    assert.equal(rowActionConfirmation("delete")?.body, "This cannot be undone.");
  });

  it("when a delete is refused for sold coupons, then disabling is offered instead, naming the coupon", () => {
    const words = disableInsteadConfirmation("Pizza");
    assert.equal(words.title, "Coupons were already sold");
    assert.match(words.body, /^Pizza cannot be deleted because shoppers own some\. Disable it instead\?/);
    assert.equal(words.confirmLabel, "Disable");
  });

  it("when a coupon is deleted or saved, then the toast names it", () => {
    assert.deepEqual(couponDeletedToast("Pizza"), { title: "Coupon deleted", body: "Pizza was deleted." });
    assert.deepEqual(couponSavedToast("Pizza"), { title: "Coupon saved", body: "Pizza was saved." });
  });

  it("when row buttons are labelled, then the accessible name reads as a sentence about the coupon", () => {
    assert.equal(rowActionWords.end.ariaVerb, "End the sale of");
    assert.equal(rowActionWords.delete.text, "Delete");
  });

  it("when the audit holds, then it reads All consistent; otherwise the problem is named", () => {
    assert.deepEqual(consistencyLabel("OK"), { text: "All consistent", isOk: true });
    assert.deepEqual(consistencyLabel("stock drifts by 2"), { text: "Problem: stock drifts by 2", isOk: false });
  });

  it("when outcome codes are shown, then known ones read as words and unknown ones are still readable", () => {
    assert.equal(outcomeLabel("SALE_PAUSED"), "turned away: sale paused");
    assert.equal(outcomeLabel("PAID"), "paid");
    assert.equal(outcomeLabel("FAILED_CARD_DECLINED"), "payment failed: card declined");
    assert.equal(outcomeLabel("SOMETHING_NEW"), "something new");
  });
});
